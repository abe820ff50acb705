package io.understudy.node.internals.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.api.FunctionConfig;
import io.understudy.node.NodeConfig;
import io.understudy.node.internals.leadership.LeaderLookup;
import io.understudy.node.internals.processing.RestartableTask;
import io.understudy.node.internals.startup.StateReset;
import io.understudy.node.testing.NodeHarness;
import io.understudy.records.NodeOutput;
import io.understudy.records.SyncMessage;
import io.understudy.records.SyncState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * A partition that moves between instances of one node (issue 18) is no failover and no new
 * synchronization: its state comes with it from the changelog, and {@code --reset-state} acts once
 * per instance start, on the partitions the instance starts with.
 */
class InstanceMovesTest {

    private static final int FLOWS = 40;

    private final Map<Integer, String> leaders = new ConcurrentHashMap<>();
    private final LeaderLookup lookup = partition -> Optional.ofNullable(leaders.get(partition));

    @Test
    void aPartitionMovingInFromASiblingAfterTheInstanceStartedKeepsItsStateThoughThatStartAskedForAReset() {
        leaders.put(0, "a");
        try (NodeHarness a = new NodeHarness("a", "passthrough", FunctionConfig.empty(), NodeHarness.syncDefaults(true),
                -1, lookup);
             RestartableTask b = new RestartableTask("b", "passthrough", FunctionConfig.empty(),
                     settings("b1-incarnation", true), 0, lookup)) {
            // instance b1, started with --reset-state, takes partition 0 at its start: reset, then synchronized by a
            assertEquals(SyncState.UNSYNCED, b.status().syncState());
            assertEquals("state reset at start (--reset-state); stash complete from offset 0", b.status().detail(),
                    "complete from where its consumer starts");
            traffic(0, 100, a);
            ingress(b, 0, 100);
            exchange(a, b);
            assertEquals(SyncState.SYNCHRONIZED, b.status().syncState(), b.status().toString());
            assertEquals(a.status().digest(), b.status().digest());
            long syncedFrom = b.status().syncedFrom();
            a.drainOutputs();
            b.drainOutputs();

            // b1 leaves the group; its partition moves to b2, which was started with --reset-state too, long ago
            b.moveToInstance(settings("b2-incarnation", true), 100, started(true));
            assertEquals(SyncState.SYNCHRONIZED, b.status().syncState(), "not reset again: " + b.status());
            assertEquals(syncedFrom, b.status().syncedFrom());
            traffic(100, 150, a);
            ingress(b, 100, 150);
            assertSameOutputs(a.drainOutputs(), b.drainOutputs());
            assertEquals(a.status().digest(), b.status().digest());

            // an instance that takes the partition while it starts with --reset-state does reset it
            b.moveToInstance(settings("b3-incarnation", true), 150, new StateReset(true));
            assertEquals(SyncState.UNSYNCED, b.status().syncState());
            assertEquals("state reset at start (--reset-state); stash complete from offset 150", b.status().detail());
        }
    }

    @Test
    void aLeadersPartitionThatMovesToASiblingMidSynchronizationSynchronizesTheBackupAtOnce() {
        leaders.put(0, "a");
        try (RestartableTask a = new RestartableTask("a", "passthrough", FunctionConfig.empty(),
                NodeHarness.syncDefaults(true), -1, lookup);
             NodeHarness b = new NodeHarness("b", "passthrough", FunctionConfig.empty(), NodeHarness.syncDefaults(false),
                     0, lookup)) {
            ingress(a, 0, 100);
            traffic(0, 100, b);
            a.deliver(b.drainSync()); // b's request
            List<SyncMessage> checkpoint = a.drainSync();
            assertTrue(checkpoint.stream().anyMatch(m -> m.getBody() instanceof io.understudy.records.Checkpoint),
                    "a answered with a checkpoint: " + checkpoint);
            b.deliver(checkpoint);
            List<SyncMessage> acks = b.drainSync();
            assertEquals(SyncState.RECEIVING, b.status().syncState());

            // the group moves partition 0 of a to a2 before a1 read b's acknowledgements: a2 never ran that session
            a.moveToInstance(NodeHarness.syncDefaults(true), -1, started(false));
            a.deliver(acks);
            for (int i = 0; i < 20; i++) {
                List<SyncMessage> fromLeader = a.drainSync();
                b.deliver(fromLeader);
                List<SyncMessage> fromBackup = b.drainSync();
                a.deliver(fromBackup);
                if (fromLeader.isEmpty() && fromBackup.isEmpty()) {
                    break;
                }
            }
            assertEquals(SyncState.SYNCHRONIZED, b.status().syncState(), "without waiting out the sync session timeout: "
                    + b.status());
            assertEquals(a.status().digest(), b.status().digest());
            a.drainOutputs();
            b.drainOutputs();
            ingress(a, 100, 130);
            traffic(100, 130, b);
            assertSameOutputs(a.drainOutputs(), b.drainOutputs());
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** The synchronization settings of a backup instance, with the tests' session timeout. */
    @Test
    void aTaskTakenUpAgainWhileReceivingACheckpointGivesItAWholeSessionTimeoutFromThen() {
        leaders.put(0, "a");
        try (NodeHarness a = new NodeHarness("a", "passthrough", FunctionConfig.empty(),
                NodeHarness.syncDefaults(true).withCheckpointChunkBytes(1_024).withProbes(java.time.Duration.ZERO, 1_024, 0),
                -1, lookup);
             RestartableTask b = new RestartableTask("b", "passthrough", FunctionConfig.empty(), NodeHarness.syncDefaults(false),
                     50, lookup)) {
            traffic(0, 130, a);
            ingress(b, 50, 130);
            a.deliver(b.drainSync());
            List<SyncMessage> chunks = a.drainSync();
            assertTrue(chunks.size() > 1, "chunks: " + chunks.size());
            b.deliver(chunks.subList(0, 1));
            List<SyncMessage> firstAck = b.drainSync();
            assertEquals(SyncState.RECEIVING, b.status().syncState());
            b.advance(java.time.Duration.ofSeconds(20));
            b.reinitialize(); // its stream thread replaced, say: the task resumes the checkpoint from its stores
            b.advance(java.time.Duration.ofSeconds(1));
            assertEquals(SyncState.RECEIVING, b.status().syncState(), "21 s since the last chunk, but 1 s since the task began");
            b.deliver(chunks.subList(1, chunks.size()));
            a.deliver(firstAck);
            exchange(a, b);
            assertEquals(SyncState.SYNCHRONIZED, b.status().syncState());
            assertEquals(130, b.status().syncedFrom());
            assertEquals(a.status().digest(), b.status().digest());
        }
    }

    private static SyncSettings settings(String incarnation, boolean resetState) {
        return new NodeConfig(Map.of(NodeConfig.NODE_ID_CONFIG, "b", NodeConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092",
                NodeConfig.SCHEMA_REGISTRY_URL_CONFIG, "http://unused", NodeConfig.RESET_STATE_CONFIG, resetState,
                NodeConfig.SYNC_SESSION_TIMEOUT_MS_CONFIG, 30_000L)).syncSettings(incarnation);
    }

    /** The state reset of an instance whose Kafka Streams application already runs. */
    private static StateReset started(boolean requested) {
        StateReset reset = new StateReset(requested);
        reset.started();
        return reset;
    }

    private static String flowOf(int i) {
        return "flow-" + (i % FLOWS);
    }

    private static void traffic(int from, int to, NodeHarness node) {
        for (int i = from; i < to; i++) {
            node.send(flowOf(i), "p" + i, 1_000 + i);
        }
    }

    private static void ingress(RestartableTask task, int from, int to) {
        for (int i = from; i < to; i++) {
            task.ingress(i, flowOf(i), "p" + i, 1_000 + i);
        }
    }

    private static void exchange(NodeHarness leader, RestartableTask backup) {
        for (int i = 0; i < 20; i++) {
            List<SyncMessage> fromBackup = backup.drainSync();
            leader.deliver(fromBackup);
            List<SyncMessage> fromLeader = leader.drainSync();
            backup.deliver(fromLeader);
            if (fromBackup.isEmpty() && fromLeader.isEmpty()) {
                return;
            }
        }
        throw new AssertionError("the exchange did not settle");
    }

    private static void assertSameOutputs(List<NodeOutput> expected, List<NodeOutput> actual) {
        assertEquals(expected.stream().map(NodeOutput::getIngressOffset).toList(),
                actual.stream().map(NodeOutput::getIngressOffset).toList(), "offsets answered");
        for (int i = 0; i < expected.size(); i++) {
            NodeOutput e = NodeOutput.newBuilder(expected.get(i)).setNodeId("-").build();
            NodeOutput b = NodeOutput.newBuilder(actual.get(i)).setNodeId("-").setSyncedFrom(e.getSyncedFrom()).build();
            assertEquals(e, b, "output for offset " + e.getIngressOffset());
        }
    }
}
