package io.understudy.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.functions.testing.DeterminismRules;
import io.understudy.node.internals.processing.NodeProcessor;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The determinism guard of the traffic functions ({@link DeterminismRules}), over the node's own
 * record path: the processor, the traffic path, the state and its digest, the bound function and
 * the synchronization that installs and replays state. None of it may read a clock or a random
 * source, or create a hash-ordered collection, whose order could reach an output or a digest;
 * the exceptions are named with their reason. (The synchronization's timers read the wall clock
 * through Kafka Streams' punctuation time, which the record path never turns into an output.)
 */
class NodeRecordPathDeterminismTest {

    private static final List<String> RECORD_PATH = List.of("io/understudy/node/internals/processing/",
            "io/understudy/node/internals/traffic/", "io/understudy/node/internals/state/", "io/understudy/node/internals/function/",
            "io/understudy/node/internals/sync/");

    private static final Map<String, String> ALLOWED = Map.of(
            "io/understudy/node/internals/sync/LeaderSide.class: java/util/UUID.randomUUID",
            "names a synchronization (the checkpoint id); it reaches no output and no digest",
            "io/understudy/node/internals/processing/NodeTopology$SameAsIngressPartition.class: java/util/Set.of",
            "the one partition an output goes to: a set of one element has one order",
            "io/understudy/node/internals/processing/NodeTopology$PartitionNamedInMessage.class: java/util/Set.of",
            "the one partition a sync message goes to: a set of one element has one order");

    @Test
    void theNodesRecordPathUsesNoClockNoRandomSourceAndNoHashOrder() throws URISyntaxException {
        Path classes = Path.of(NodeProcessor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> scanned = new ArrayList<>();
        List<String> violations = DeterminismRules.scan(classes,
                name -> RECORD_PATH.stream().anyMatch(name::startsWith), ALLOWED, scanned);
        for (String expected : List.of("io/understudy/node/internals/processing/NodeProcessor.class",
                "io/understudy/node/internals/traffic/TrafficPath.class", "io/understudy/node/internals/state/StateDigest.class",
                "io/understudy/node/internals/function/BoundFunction.class", "io/understudy/node/internals/sync/BackupSide.class",
                "io/understudy/node/internals/sync/LeaderSide.class")) {
            assertTrue(scanned.contains(expected), expected + " scanned: " + scanned);
        }
        assertEquals(List.of(), violations,
                "the record path must not read a clock or a random source, nor create a hash-ordered collection");
    }
}
