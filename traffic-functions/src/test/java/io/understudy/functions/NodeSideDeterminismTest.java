package io.understudy.functions;

import io.understudy.functions.router.RouterFunction;
import io.understudy.functions.security.client.SecureSessionClient;
import io.understudy.functions.testing.ClassReferences;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The determinism guard: no node-side class of this module refers to a clock or a random source.
 * Reads the compiled classes' constant pools; only the client package
 * ({@code io.understudy.functions.security.client}) is exempt.
 */
class NodeSideDeterminismTest {

    static final Set<String> FORBIDDEN_CLASSES = Set.of(
            "java/util/Random", "java/security/SecureRandom", "java/util/concurrent/ThreadLocalRandom",
            "java/util/SplittableRandom", "java/util/random/RandomGenerator", "java/time/Clock");
    static final Set<String> FORBIDDEN_METHODS = Set.of(
            "java/lang/System.currentTimeMillis", "java/lang/System.nanoTime",
            "java/time/Instant.now", "java/time/LocalDateTime.now", "java/time/LocalDate.now",
            "java/time/ZonedDateTime.now", "java/time/OffsetDateTime.now", "java/time/LocalTime.now",
            "java/lang/Math.random", "java/lang/StrictMath.random", "java/util/UUID.randomUUID");

    static final String EXEMPT_PACKAGE = "io/understudy/functions/security/client/";

    @Test
    void nodeSideClassesUseNoClockAndNoRandomSource() throws IOException, URISyntaxException {
        Path classes = Path.of(RouterFunction.class.getProtectionDomain()
                .getCodeSource().getLocation().toURI());
        List<String> scanned = new ArrayList<>();
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                String name = classes.relativize(file).toString().replace('\\', '/');
                if (name.startsWith(EXEMPT_PACKAGE)) {
                    continue;
                }
                scanned.add(name);
                try (InputStream in = Files.newInputStream(file)) {
                    violations.addAll(violationsIn(name, ClassReferences.read(in)));
                }
            }
        }
        assertTrue(scanned.contains("io/understudy/functions/security/SecurityEngineFunction.class"), "scanned " + scanned);
        assertTrue(scanned.contains("io/understudy/functions/router/RouterFunction.class"), "scanned " + scanned);
        assertTrue(scanned.contains("io/understudy/functions/passthrough/PassthroughFunction.class"), "scanned " + scanned);
        assertEquals(List.of(), violations, "node-side classes must not read a clock or a random source");
    }

    @Test
    void theGuardSeesAClockAndARandomSource() throws IOException {
        try (InputStream in = ClockAndRandomFixture.class.getResourceAsStream("ClockAndRandomFixture.class")) {
            assertEquals(List.of("Fixture: java/lang/Math.random", "Fixture: java/lang/System.nanoTime"),
                    violationsIn("Fixture", ClassReferences.read(in)));
        }
    }

    @Test
    void theGuardSeesTheClientsRandomSource() throws IOException {
        try (InputStream in = SecureSessionClient.class
                .getResourceAsStream("SecureSessionClient.class")) {
            assertEquals(List.of("Client: java/security/SecureRandom"), violationsIn("Client", ClassReferences.read(in)));
        }
    }

    static List<String> violationsIn(String className, ClassReferences references) {
        Set<String> found = new TreeSet<>();
        for (String forbidden : FORBIDDEN_CLASSES) {
            if (references.classes().contains(forbidden)) {
                found.add(className + ": " + forbidden);
            }
        }
        for (String forbidden : FORBIDDEN_METHODS) {
            if (references.methods().contains(forbidden)) {
                found.add(className + ": " + forbidden);
            }
        }
        return List.copyOf(found);
    }
}
