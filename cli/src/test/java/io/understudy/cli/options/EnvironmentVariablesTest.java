package io.understudy.cli.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.cli.docs.RepositoryRoot;
import io.understudy.config.EnvironmentOverrides;
import io.understudy.config.RoleKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code UNDERSTUDY_*} variable the repository's scripts, compose files and docs use is a
 * setting of some role or one of {@link EnvironmentOverrides#LAUNCHER_VARIABLES}: the roles refuse
 * any other, so a script that sets a new variable of its own would stop every role it runs.
 */
class EnvironmentVariablesTest {

    /** A whole variable name; not a prefix such as UNDERSTUDY_KAFKA_* in prose. */
    private static final Pattern VARIABLE = Pattern.compile("UNDERSTUDY_[A-Z0-9_]*[A-Z0-9](?![A-Z0-9_])");
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of(".git", "target", "node_modules", "bench-results");

    @Test
    void everyVariableOfTheScriptsComposeAndDocsIsASettingOrTheLaunchers() throws IOException {
        Path root = RepositoryRoot.find();
        RoleKeys anyRole = Role.anyRoleKeys();
        Set<String> unknown = new TreeSet<>();
        Set<String> seen = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).filter(EnvironmentVariablesTest::scanned).toList()) {
                Matcher matcher = VARIABLE.matcher(Files.readString(file, StandardCharsets.ISO_8859_1));
                while (matcher.find()) {
                    String variable = matcher.group();
                    seen.add(variable);
                    if (!EnvironmentOverrides.LAUNCHER_VARIABLES.contains(variable)
                            && !anyRole.accepts(EnvironmentOverrides.keyOf(variable))) {
                        unknown.add(root.relativize(file) + ": " + variable);
                    }
                }
            }
        }
        assertTrue(seen.containsAll(List.of("UNDERSTUDY_JAVA_OPTS", "UNDERSTUDY_BOOTSTRAP_SERVERS")), seen.toString());
        assertEquals(Set.of(), unknown, "variables that every role would refuse");
    }

    /** Scripts, compose files, docs and the launcher: not the Java sources, whose tests spell typos on purpose. */
    private static boolean scanned(Path file) {
        for (Path part : file) {
            if (SKIPPED_DIRECTORIES.contains(part.toString())) {
                return false;
            }
        }
        String name = file.getFileName().toString();
        return name.endsWith(".sh") || name.endsWith(".yml") || name.endsWith(".yaml") || name.endsWith(".md")
                || name.equals("Dockerfile") || name.equals("understudy") || name.equals("run");
    }
}
