package io.understudy.stack.registry;

import io.understudy.stack.StackStartupException;
import io.understudy.stack.files.Directories;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * Finds the Apicurio Registry distribution (a directory holding the runner jar and {@code lib/}).
 *
 * <p>In this order:
 * <ol>
 *   <li>{@value #HOME_ENV} (or the system property {@value #HOME_PROPERTY}): an unpacked
 *       distribution, used as it is;</li>
 *   <li>the cache directory {@code $XDG_CACHE_HOME/understudy/apicurio-registry-VERSION}
 *       (default {@code ~/.cache/...}), unpacked by an earlier run;</li>
 *   <li>the distribution tar.gz in the local Maven repository (the one the build used, recorded at
 *       build time, then {@code -Dmaven.repo.local}, then {@code ~/.m2/repository}), unpacked into
 *       that cache directory.</li>
 * </ol>
 * Unpacking goes to a temporary sibling that is renamed into place, so concurrent first runs
 * never see half a distribution.
 */
public final class RegistryDistribution {

    /** Environment variable naming an unpacked distribution to use instead of the cached one. */
    public static final String HOME_ENV = "UNDERSTUDY_APICURIO_HOME";
    /** System property with the same meaning as {@link #HOME_ENV}; wins over it. */
    public static final String HOME_PROPERTY = "understudy.apicurio.home";

    private static final Logger log = LoggerFactory.getLogger(RegistryDistribution.class);
    private static final String BUILD_FACTS = "registry-distribution.properties";
    private static final String ARTIFACT = "apicurio-registry-app";

    private final Path home;
    private final String version;

    private RegistryDistribution(Path home, String version) {
        this.home = home;
        this.version = version;
    }

    /** The distribution to run, unpacking it on first use. */
    public static RegistryDistribution locate() {
        String version = buildFact("apicurio.version");
        String override = Optional.ofNullable(System.getProperty(HOME_PROPERTY)).orElse(System.getenv(HOME_ENV));
        if (override != null && !override.isBlank()) {
            Path home = Paths.get(override).toAbsolutePath();
            RegistryDistribution distribution = new RegistryDistribution(home, version);
            if (!Files.isRegularFile(distribution.runnerJar())) {
                throw new StackStartupException(HOME_ENV + "=" + override + " holds no " + distribution.runnerJar().getFileName()
                        + ": point it at an unpacked apicurio-registry-app-" + version + "-all.tar.gz, or unset it");
            }
            return distribution;
        }
        Path cached = cacheRoot().resolve("apicurio-registry-" + version);
        RegistryDistribution distribution = new RegistryDistribution(cached, version);
        if (!Files.isRegularFile(distribution.runnerJar())) {
            unpack(findArchive(version), cached, distribution.runnerJar().getFileName().toString());
        }
        return distribution;
    }

    /** The directory holding the runner jar and {@code lib/}. */
    public Path home() {
        return home;
    }

    public String version() {
        return version;
    }

    /** The Quarkus runner jar; its manifest puts {@code lib/} on the class path. */
    public Path runnerJar() {
        return home.resolve(ARTIFACT + "-" + version + "-runner.jar");
    }

    private static Path findArchive(String version) {
        String relative = "io/apicurio/" + ARTIFACT + "/" + version + "/" + ARTIFACT + "-" + version + "-all.tar.gz";
        Set<Path> repositories = new LinkedHashSet<>();
        String recorded = buildFact("maven.local.repository");
        if (!recorded.isBlank() && !recorded.startsWith("${")) {
            repositories.add(Paths.get(recorded));
        }
        Optional.ofNullable(System.getProperty("maven.repo.local")).ifPresent(p -> repositories.add(Paths.get(p)));
        repositories.add(Paths.get(System.getProperty("user.home"), ".m2", "repository"));
        List<Path> tried = new ArrayList<>();
        for (Path repository : repositories) {
            Path archive = repository.resolve(relative);
            if (Files.isRegularFile(archive)) {
                return archive;
            }
            tried.add(archive);
        }
        throw new StackStartupException("the Apicurio Registry " + version + " distribution is not in the local Maven repository"
                + " (looked for " + tried + "): run `mvn -B install -DskipTests` once in the Understudy checkout"
                + " (it downloads io.apicurio:" + ARTIFACT + ":" + version + ":tar.gz:all), or set " + HOME_ENV
                + " to an unpacked copy");
    }

    private static void unpack(Path archive, Path target, String runnerJarName) {
        long startNanos = System.nanoTime();
        Path staging = target.resolveSibling(target.getFileName() + ".unpacking-" + ProcessHandle.current().pid());
        Directories.requireWritable(staging, "cache directory for the schema registry");
        try (InputStream file = Files.newInputStream(archive);
             TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(new BufferedInputStream(file, 1 << 16), 1 << 16))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path destination = staging.resolve(entry.getName()).normalize();
                if (!destination.startsWith(staging)) {
                    throw new StackStartupException("refusing to unpack " + archive + ": entry " + entry.getName()
                            + " points outside the target directory");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(destination);
                } else if (entry.isFile()) {
                    Files.createDirectories(destination.getParent());
                    Files.copy(tar, destination, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            Directories.deleteRecursively(staging);
            throw new StackStartupException("cannot unpack the schema registry " + archive + " into " + staging + ": " + e.getMessage()
                    + " (delete it and run `mvn -B install -DskipTests` to fetch it again)", e);
        }
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            log.info("unpacked {} into {} in {} ms", archive.getFileName(), target,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        } catch (IOException e) {
            Directories.deleteRecursively(staging);
            if (!Files.isRegularFile(target.resolve(runnerJarName))) { // else another JVM unpacked it first: use theirs
                throw new StackStartupException("cannot move the unpacked schema registry into " + target + " (" + e
                        + "): delete that directory and try again", e);
            }
        }
    }

    private static Path cacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Paths.get(xdg) : Paths.get(System.getProperty("user.home"), ".cache");
        return base.resolve("understudy");
    }

    private static String buildFact(String key) {
        Properties facts = new Properties();
        try (InputStream in = RegistryDistribution.class.getResourceAsStream(BUILD_FACTS)) {
            if (in == null) {
                throw new IllegalStateException(BUILD_FACTS + " is missing from the understudy-local-stack jar");
            }
            facts.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + BUILD_FACTS, e);
        }
        String value = facts.getProperty(key);
        if (value == null) {
            throw new IllegalStateException(BUILD_FACTS + " has no " + key);
        }
        return value;
    }
}
