package io.understudy.cli.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The boundary between a module's public face and its internals, read from the sources: a package
 * named {@code ...internals} (and everything under it) belongs to the module whose {@code
 * src/main/java} holds it, and no other module's source (main or test) may name it: not in an
 * import, not fully qualified in code, not in a comment. The role modules keep their machinery
 * there (the node's under {@code io.understudy.node}, in {@code internals}, as Kafka keeps {@code
 * org.apache.kafka.streams.processor.internals}) so that it can change without breaking another
 * module; what other modules need is promoted to the public face on purpose.
 *
 * <p>This file and its test spell such names in two pieces, lest they name them themselves.
 *
 * <p>A source scan rather than a class-path rule: it sees every module of the repository at once,
 * modules added later included, without each module having to depend on the others.
 */
public final class InternalsBoundary {

    /** A name of an internals package: {@code io.understudy.<anything>}, then {@code .internals}. */
    private static final Pattern INTERNALS = Pattern.compile("\\bio\\.understudy(?:\\.\\w+)*?\\.internals\\b");

    private final Path root;
    private final Map<String, String> owners = new TreeMap<>();

    public InternalsBoundary(Path root) {
        this.root = root;
        for (Path module : modules()) {
            Path main = module.resolve("src/main/java");
            if (!Files.isDirectory(main)) {
                continue;
            }
            try (Stream<Path> dirs = Files.walk(main)) {
                dirs.filter(Files::isDirectory).filter(dir -> dir.getFileName().toString().equals("internals"))
                        .forEach(dir -> owners.put(main.relativize(dir).toString().replace('/', '.'), name(module)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Each internals package (the {@code internals} package itself) and the module that owns it. */
    public Map<String, String> owners() {
        return owners;
    }

    /**
     * Every place a module names another module's internals, as {@code path:line: package is
     * module's internals}, in path order.
     */
    public List<String> violations() {
        List<String> found = new ArrayList<>();
        for (Path module : modules()) {
            for (String set : List.of("src/main/java", "src/test/java")) {
                Path sources = module.resolve(set);
                if (!Files.isDirectory(sources)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(sources)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                        check(name(module), file, found);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return found;
    }

    private void check(String module, Path file, List<String> found) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            Matcher matcher = INTERNALS.matcher(lines.get(i));
            while (matcher.find()) {
                String internals = matcher.group();
                String owner = owners.get(internals);
                if (!module.equals(owner)) {
                    found.add(root.relativize(file) + ":" + (i + 1) + ": " + internals + " is "
                            + (owner == null ? "no module's package" : owner + "'s internals"));
                }
            }
        }
    }

    /** The directories of the repository that hold sources ({@code src/main/java} or {@code src/test/java}). */
    private List<Path> modules() {
        try (Stream<Path> dirs = Files.walk(root, 4)) {
            return dirs.filter(Files::isDirectory)
                    .filter(dir -> Files.isDirectory(dir.resolve("src/main/java")) || Files.isDirectory(dir.resolve("src/test/java")))
                    .filter(dir -> root.relativize(dir).toString().split("/")[0].chars().noneMatch(c -> c == '.'))
                    .filter(dir -> !List.of(root.relativize(dir).toString().split("/")).contains("target"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String name(Path module) {
        String relative = root.relativize(module).toString();
        return relative.isEmpty() ? "." : relative;
    }
}
