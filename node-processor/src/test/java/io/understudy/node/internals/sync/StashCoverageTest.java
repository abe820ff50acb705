package io.understudy.node.internals.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.api.FunctionConfig;
import io.understudy.node.internals.leadership.LeaderLookup;
import io.understudy.node.internals.processing.RestartableTask;
import io.understudy.node.testing.ClosingSessions;
import io.understudy.node.testing.NodeHarness;
import io.understudy.records.CheckpointAck;
import io.understudy.records.NodeOutput;
import io.understudy.records.SyncMessage;
import io.understudy.records.SyncRequest;
import io.understudy.records.SyncState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * A backup's stash claims only records it received: a task re-initialized in the same process
 * (a replaced stream thread, the retry after a refusal) resumes where its consumer is, not where
 * the process started, and a stash whose records do not follow one another is never replayed.
 */
class StashCoverageTest {

    private static final int FLOWS = 40;

    private final Map<Integer, String> leaders = new ConcurrentHashMap<>();
    private final LeaderLookup lookup = partition -> Optional.ofNullable(leaders.get(partition));

    @Test
    void aRefusedBackupRetriedByARestartedTaskStashesFromWhereItsConsumerResumedNotFromTheProcessStart() {
        leaders.put(0, "a");
        try (NodeHarness a = new NodeHarness("a", ClosingSessions.NAME, salt("one"), NodeHarness.syncDefaults(true), -1,
                lookup);
             NodeHarness c = new NodeHarness("c", ClosingSessions.NAME, salt("two"), NodeHarness.syncDefaults(true), -1,
                     lookup);
             RestartableTask b = new RestartableTask("b", ClosingSessions.NAME, salt("two"),
                     NodeHarness.syncDefaults(false), 50, lookup)) {
            traffic(0, 50, a, c);
            traffic(50, 60, a, c);
            ingress(b, 50, 60);
            a.deliver(b.drainSync());
            b.deliver(a.drainSync()); // a's configuration differs: b refuses
            assertEquals(SyncState.REFUSED, b.status().syncState());
            b.drainSync();
            ingress(b, 60, 200); // consumed (and committed) while refused: nothing kept
            traffic(60, 150, c);

            leaders.put(0, "c"); // a node b agrees with leads now
            b.reinitialize(); // the retry after a refusal, in the same process: its consumer resumes at 200
            assertEquals(SyncState.UNSYNCED, b.status().syncState());
            ingress(b, 200, 220);
            List<SyncMessage> request = b.drainSync();
            assertEquals(1, request.size());
            assertEquals(200, assertInstanceOf(SyncRequest.class, request.get(0).getBody()).getStashFrom(),
                    "b's stash holds nothing before 200");

            c.deliver(request);
            b.deliver(c.drainSync()); // c's checkpoint at 149
            List<SyncMessage> acks = b.drainSync();
            assertEquals(200, assertInstanceOf(CheckpointAck.class, acks.get(0).getBody()).getStashFrom());
            c.deliver(acks);
            b.deliver(c.drainSync());
            assertFalse(b.status().isSynchronized(), "no declaration before c reaches b's stash: " + b.status());

            traffic(150, 220, c);
            exchange(c, b);
            assertEquals(SyncState.SYNCHRONIZED, b.status().syncState());
            assertEquals(200, b.status().syncedFrom());
            assertEquals(c.status().digest(), b.status().digest());
            assertSameOutputs(from(c.drainOutputs(), 200), b.drainOutputs());
        }
    }

    @Test
    void aTaskThatResumesPastItsStashStartsTheStashOverRatherThanReplayAcrossTheGap() {
        leaders.put(0, "a");
        try (NodeHarness a = primary("a");
             RestartableTask b = new RestartableTask("b", "passthrough", FunctionConfig.empty(),
                     NodeHarness.syncDefaults(false), 50, lookup)) {
            traffic(0, 80, a);
            ingress(b, 50, 100);
            b.reinitialize(); // its consumer resumes at 150: offsets 100..149 never reach b (an offset reset, say)
            ingress(b, 150, 170);
            assertEquals(1, b.counters.restarts.get(), "the stash started over at the gap");
            assertTrue(b.status().detail().contains("stash complete from offset 150"), b.status().detail());

            b.drainSync();
            b.advance(java.time.Duration.ofSeconds(1));
            List<SyncMessage> request = b.drainSync();
            assertEquals(150, assertInstanceOf(SyncRequest.class, request.get(0).getBody()).getStashFrom());
            a.deliver(request);
            exchange(a, b);
            assertFalse(b.status().isSynchronized(), "a at 79 cannot declare b synchronized: " + b.status());
            traffic(80, 170, a);
            exchange(a, b);
            assertEquals(SyncState.SYNCHRONIZED, b.status().syncState());
            assertEquals(150, b.status().syncedFrom());
            assertEquals(a.status().digest(), b.status().digest());
            assertSameOutputs(from(a.drainOutputs(), 150), b.drainOutputs());
        }
    }

    @Test
    void aTaskThatResumesRightAfterItsStashKeepsItAndReplaysItOnceSynchronized() {
        leaders.put(0, "a");
        try (NodeHarness a = primary("a");
             RestartableTask b = new RestartableTask("b", "passthrough", FunctionConfig.empty(),
                     NodeHarness.syncDefaults(false), 50, lookup)) {
            traffic(0, 80, a);
            ingress(b, 50, 100);
            b.reinitialize(); // its consumer resumes at 100, right after the last record stashed
            ingress(b, 100, 120);
            assertEquals(0, b.counters.restarts.get(), "no gap: the stash goes on");
            List<SyncMessage> requests = b.drainSync();
            assertTrue(requests.stream().allMatch(r -> ((SyncRequest) r.getBody()).getStashFrom() == 50), requests.toString());
            a.deliver(requests);
            exchange(a, b); // a's checkpoint at 79: b replays 80..119 from its stash
            assertEquals(SyncState.SYNCHRONIZED, b.status().syncState());
            assertEquals(80, b.status().syncedFrom());
            traffic(80, 120, a);
            assertEquals(a.status().digest(), b.status().digest());
            assertSameOutputs(from(a.drainOutputs(), 80), b.drainOutputs());
        }
    }

    @Test
    void aTransactionMarkerBetweenTwoRecordsOfOneTaskIsNoGapEvenRightAfterOffsetZero() {
        try (RestartableTask b = new RestartableTask("b", "passthrough", FunctionConfig.empty(),
                NodeHarness.syncDefaults(false), 0, lookup)) {
            b.ingress(0, flowOf(0), "p0", 1_000);
            b.ingress(2, flowOf(2), "p2", 1_002); // offset 1 is a transaction marker: the consumer hands over 2 after 0
            b.ingress(3, flowOf(3), "p3", 1_003);
            assertEquals(0, b.counters.restarts.get());
            assertTrue(b.status().detail().endsWith("stash complete from offset 0"), b.status().detail());
        }
    }

    @Test
    void aStartPositionOnATransactionMarkerIsNoGapTheStashIsCompleteFromTheFirstRecord() {
        try (RestartableTask b = new RestartableTask("b", "passthrough", FunctionConfig.empty(),
                NodeHarness.syncDefaults(false), 50, lookup)) {
            ingress(b, 51, 60); // offset 50, where its consumer starts, is a marker: 51 is the first record handed over
            assertEquals(0, b.counters.restarts.get());
            List<SyncMessage> request = b.drainSync();
            assertEquals(51, assertInstanceOf(SyncRequest.class, request.get(0).getBody()).getStashFrom());
        }
    }

    @Test
    void aRecordHandedOverTwiceIsStashedOnce() {
        try (RestartableTask b = new RestartableTask("b", "passthrough", FunctionConfig.empty(),
                NodeHarness.syncDefaults(false).withMaxStashRecords(10), 0, lookup)) {
            ingress(b, 0, 10); // ten records: the stash is full
            ingress(b, 9, 10); // cannot happen under exactly-once; if it did, it is no eleventh record
            assertEquals(0, b.counters.restarts.get());
            ingress(b, 10, 11);
            assertEquals(1, b.counters.restarts.get(), "the eleventh record overflows it");
            assertTrue(b.status().detail().startsWith("stash overflow: 10 records stashed"), b.status().detail());
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    private NodeHarness primary(String id) {
        return new NodeHarness(id, "passthrough", FunctionConfig.empty(), NodeHarness.syncDefaults(true), -1, lookup);
    }

    private static FunctionConfig salt(String value) {
        return new FunctionConfig(Map.of(ClosingSessions.SALT, value));
    }

    private static String flowOf(int i) {
        return "flow-" + (i % FLOWS);
    }

    private static void traffic(int from, int to, NodeHarness... nodes) {
        for (int i = from; i < to; i++) {
            for (NodeHarness node : nodes) {
                node.send(flowOf(i), "p" + i, 1_000 + i);
            }
        }
    }

    /** The records at offsets [from, to) as a restarted task's consumer hands them over. */
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

    private static List<NodeOutput> from(List<NodeOutput> outputs, long offset) {
        return outputs.stream().filter(o -> o.getIngressOffset() >= offset).toList();
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
