package io.understudy.functions;

import io.understudy.functions.router.RouterFunction;
import io.understudy.functions.security.client.SecureSessionClient;
import io.understudy.functions.testing.ClassReferences;
import io.understudy.functions.testing.DeterminismRules;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The determinism guard ({@link DeterminismRules}): no node-side class of this module refers to a
 * clock or a random source, or creates a hash-ordered collection but for lookups named below.
 * Reads the compiled classes' constant pools; only the client package
 * ({@code io.understudy.functions.security.client}) is exempt. The node processor's record path
 * has the same guard ({@code NodeRecordPathDeterminismTest}).
 */
class NodeSideDeterminismTest {

    static final String EXEMPT_PACKAGE = "io/understudy/functions/security/client/";

    /** Hash-ordered collections that are only looked up, never iterated into an output: why each is safe. */
    static final Map<String, String> LOOKUPS_ONLY = Map.of(
            "io/understudy/functions/router/RoutingTable.class: java/util/HashMap.<init>",
            "per-length prefix maps and the duplicate-line check: get and put only, never iterated",
            "io/understudy/functions/settings/SettingGroup.class: java/util/stream/Collectors.toSet",
            "start-up validation: membership tests only; the unknown keys are reported sorted");

    @Test
    void nodeSideClassesUseNoClockNoRandomSourceAndNoHashOrder() throws URISyntaxException {
        Path classes = Path.of(RouterFunction.class.getProtectionDomain()
                .getCodeSource().getLocation().toURI());
        List<String> scanned = new ArrayList<>();
        List<String> violations = DeterminismRules.scan(classes, name -> !name.startsWith(EXEMPT_PACKAGE), LOOKUPS_ONLY,
                scanned);
        assertTrue(scanned.contains("io/understudy/functions/security/SecurityEngineFunction.class"), "scanned " + scanned);
        assertTrue(scanned.contains("io/understudy/functions/router/RouterFunction.class"), "scanned " + scanned);
        assertTrue(scanned.contains("io/understudy/functions/passthrough/PassthroughFunction.class"), "scanned " + scanned);
        assertEquals(List.of(), violations,
                "node-side classes must not read a clock or a random source, nor create a hash-ordered collection");
    }

    @Test
    void theGuardSeesAClockAndARandomSource() throws IOException {
        try (InputStream in = ClockAndRandomFixture.class.getResourceAsStream("ClockAndRandomFixture.class")) {
            assertEquals(List.of("Fixture: java/lang/Math.random", "Fixture: java/lang/System.nanoTime"),
                    DeterminismRules.clockOrRandom("Fixture", ClassReferences.read(in)));
        }
    }

    @Test
    void theGuardSeesHashOrderedCollections() throws IOException {
        try (InputStream in = HashOrderFixture.class.getResourceAsStream("HashOrderFixture.class")) {
            assertEquals(List.of("Fixture: java/util/HashMap.<init>", "Fixture: java/util/Set.of"),
                    DeterminismRules.hashOrdered("Fixture", ClassReferences.read(in)));
        }
    }

    @Test
    void theGuardSeesTheClientsRandomSource() throws IOException {
        try (InputStream in = SecureSessionClient.class
                .getResourceAsStream("SecureSessionClient.class")) {
            assertEquals(List.of("Client: java/security/SecureRandom"),
                    DeterminismRules.clockOrRandom("Client", ClassReferences.read(in)));
        }
    }
}
