package io.understudy.node.internals.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.api.FunctionConfig;
import io.understudy.node.internals.leadership.LeaderLookup;
import io.understudy.node.testing.NodeHarness;
import io.understudy.records.Checkpoint;
import io.understudy.records.Resync;
import io.understudy.records.SyncMessage;
import io.understudy.records.SyncState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * A node reads the topic, not the message, as the sender of a sync message (issue 17, finding 7):
 * each node writes only its own {@code sync.<id>} (ACLs), the selector only {@code sync}. A message
 * that claims another sender than the writer of its topic is ignored and counted, so a node cannot
 * ask, answer or order a synchronization in another's name.
 */
class SyncImpersonationTest {

    private static final String IMPERSONATIONS = "understudy.node.sync.impersonations";

    private final Map<Integer, String> leaders = new ConcurrentHashMap<>();
    private final LeaderLookup lookup = partition -> Optional.ofNullable(leaders.get(partition));

    @Test
    void aRequestInAnotherNodesNameIsIgnoredByTheLeader() {
        leaders.put(0, "a");
        try (NodeHarness a = new NodeHarness("a", "passthrough", FunctionConfig.empty(), NodeHarness.syncDefaults(true), -1,
                lookup);
             NodeHarness b = new NodeHarness("b", "passthrough", FunctionConfig.empty(), NodeHarness.syncDefaults(false), 10,
                     lookup)) {
            traffic(0, 20, a, b);
            List<SyncMessage> request = b.drainSync();
            assertEquals(1, request.size(), "b asks once: " + request);

            a.deliverOn(a.topics.nodeSync("c"), request.get(0)); // c's principal writes b's request on its own topic
            assertEquals(List.of(), a.drainSync(), "no checkpoint for a request c wrote in b's name");
            assertEquals(1.0, impersonations(a, a.topics.nodeSync("c")));

            a.deliver(request); // the genuine one, on sync.b
            List<SyncMessage> checkpoints = a.drainSync();
            assertTrue(!checkpoints.isEmpty() && checkpoints.stream().allMatch(m -> m.getBody() instanceof Checkpoint),
                    "the leader answers b's own request: " + checkpoints);
            assertEquals(1.0, impersonations(a, a.topics.nodeSync("c")), "the genuine request is not counted");
        }
    }

    @Test
    void checkpointsInTheLeadersNameFromAnotherNodeAreIgnoredByTheBackup() {
        leaders.put(0, "a");
        try (NodeHarness a = new NodeHarness("a", "passthrough", FunctionConfig.empty(), NodeHarness.syncDefaults(true), -1,
                lookup);
             NodeHarness b = new NodeHarness("b", "passthrough", FunctionConfig.empty(), NodeHarness.syncDefaults(false), 10,
                     lookup)) {
            traffic(0, 20, a, b);
            a.deliver(b.drainSync());
            List<SyncMessage> checkpoints = a.drainSync();
            assertInstanceOf(Checkpoint.class, checkpoints.get(0).getBody());

            for (SyncMessage checkpoint : checkpoints) {
                b.deliverOn(b.topics.nodeSync("c"), checkpoint); // c replays a's checkpoints as if a sent them
            }
            assertEquals(SyncState.UNSYNCED, b.status().syncState(), "nothing installed from c's topic");
            assertEquals(List.of(), b.drainSync(), "no acknowledgement");
            assertEquals(checkpoints.size(), (int) impersonations(b, b.topics.nodeSync("c")));

            b.deliver(checkpoints); // a's own, on sync.a
            assertEquals(SyncState.RECEIVING, b.status().syncState());
        }
    }

    @Test
    void aResyncOrderIsTheSelectorsOnlyFromTheSelectorsTopic() {
        leaders.put(0, "a");
        try (NodeHarness a = new NodeHarness("a", "passthrough", FunctionConfig.empty(), NodeHarness.syncDefaults(true), -1,
                lookup);
             NodeHarness b = new NodeHarness("b", "passthrough", FunctionConfig.empty(), NodeHarness.syncDefaults(false), 0,
                     lookup)) {
            traffic(0, 30, a, b);
            for (int i = 0; i < 20; i++) {
                a.deliver(b.drainSync());
                b.deliver(a.drainSync());
            }
            assertEquals(SyncState.SYNCHRONIZED, b.status().syncState());
            SyncMessage order = SyncMessage.newBuilder().setPartition(0).setSender("egress-selector").setRecipient("b")
                    .setBody(new Resync("forged by a", 29L)).build();

            b.deliverOn(b.topics.nodeSync("a"), order); // a's principal writes a resync order in the selector's name
            assertEquals(SyncState.SYNCHRONIZED, b.status().syncState(), "a node cannot order a resync");
            assertEquals(0, b.counters.resyncOrders.get());
            assertEquals(1.0, impersonations(b, b.topics.nodeSync("a")));

            SyncMessage declaration = SyncMessage.newBuilder().setPartition(0).setSender("a").setRecipient("b")
                    .setBody(new io.understudy.records.SyncDeclaration("x", 0L, 0L)).build();
            b.deliverOn(b.topics.syncOrders(), declaration); // the selector's topic carries resync orders only
            assertEquals(1.0, impersonations(b, b.topics.syncOrders()));
            assertEquals(SyncState.SYNCHRONIZED, b.status().syncState());

            b.deliverOn(b.topics.syncOrders(), order); // the selector's own
            assertEquals(SyncState.UNSYNCED, b.status().syncState());
            assertEquals(1, b.counters.resyncOrders.get());
        }
    }

    private static double impersonations(NodeHarness node, String topic) {
        var counter = node.meters.find(IMPERSONATIONS).tag("topic", topic).counter();
        return counter == null ? 0 : counter.count();
    }

    private static void traffic(int from, int to, NodeHarness... nodes) {
        for (int i = from; i < to; i++) {
            for (NodeHarness node : nodes) {
                node.send("flow-" + (i % 7), "p" + i, 1_000 + i);
            }
        }
    }
}
