package io.understudy.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.understudy.api.FunctionConfig;
import io.understudy.functions.passthrough.FlowCount;
import io.understudy.node.internals.leadership.LeaderLookup;
import io.understudy.node.internals.state.StoredFlow;
import io.understudy.node.testing.ClosingSessions;
import io.understudy.node.testing.NodeHarness;
import io.understudy.node.internals.traffic.TrafficPath;
import io.understudy.records.NodeOutput;
import io.understudy.records.SyncMessage;
import io.understudy.records.SyncState;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Exactly once from the endpoint: a packet its endpoint numbered is applied once, on every node,
 * however many times it reaches ingress (an endpoint's retry after the bridge died with the
 * acknowledgement), and unnumbered packets are applied as they always were.
 */
class EndpointSequenceTest {

    @Test
    void aRepeatedSequenceIsDroppedAsADuplicateAndTheFlowIsLeftAsItWas() {
        try (NodeHarness node = new NodeHarness("a", "passthrough")) {
            node.sendNumbered("f", "p0", 0, 1);
            node.sendNumbered("f", "p1", 1, 2);
            node.sendNumbered("f", "p1", 1, 3); // the endpoint's retry: the first attempt reached ingress
            node.sendNumbered("f", "p0", 0, 4); // an older repeat
            node.sendNumbered("f", "p2", 2, 5);
            node.sendNumbered("f", "p4", 4, 6); // a gap (3 was refused and given up): applied
            node.sendNumbered("f", "p3", 3, 7); // below the highest applied: dropped, the endpoint skipped it
            List<NodeOutput> outputs = node.drainOutputs();
            assertEquals(7, outputs.size(), "one output per ingress record, duplicates included");
            assertEquals(List.of("p0", "p1", "-", "-", "p2", "p4", "-"), outputs.stream().map(EndpointSequenceTest::payload).toList());
            assertEquals(java.util.Arrays.asList(null, null, TrafficPath.DUPLICATE_SEQUENCE, TrafficPath.DUPLICATE_SEQUENCE, null,
                    null, TrafficPath.DUPLICATE_SEQUENCE), outputs.stream().map(NodeOutput::getDropReason).toList());
            StoredFlow flow = StoredFlow.decode(node.flows().get("f"));
            assertEquals(5, flow.lastOffset(), "the last record applied to the flow");
            assertEquals(4, flow.lastSequence());
            assertEquals(new FlowCount(4, 8), FlowCount.CODEC.decode(flow.state()), "p0, p1, p2 and p4 counted once each");
            assertEquals(6, node.status().lastOffset(), "the node's position moved past the duplicates");
        }
    }

    @Test
    void unnumberedPacketsAreAppliedEveryTimeAsBefore() {
        try (NodeHarness node = new NodeHarness("a", "passthrough")) {
            node.send("f", "same", 1);
            node.send("f", "same", 2);
            node.sendNumbered("f", "n0", 0, 3);
            node.send("f", "same", 4); // an unnumbered packet on a numbered flow: applied, the flow's sequence kept
            node.sendNumbered("f", "n0", 0, 5);
            List<NodeOutput> outputs = node.drainOutputs();
            assertEquals(List.of("same", "same", "n0", "same", "-"), outputs.stream().map(EndpointSequenceTest::payload).toList());
            StoredFlow flow = StoredFlow.decode(node.flows().get("f"));
            assertEquals(0, flow.lastSequence());
            assertEquals(3, flow.lastOffset());
        }
    }

    @Test
    void anUnnumberedFlowIsStoredInTheLayoutItAlwaysHad() {
        try (NodeHarness node = new NodeHarness("a", "passthrough")) {
            node.send("f", "abc", 1);
            node.drainOutputs();
            byte[] stored = node.flows().get("f");
            byte[] counted = FlowCount.CODEC.encode(new FlowCount(1, 3));
            byte[] expected = java.nio.ByteBuffer.allocate(8 + counted.length).putLong(0).put(counted).array();
            assertArrayEquals(expected, stored, "8 bytes of offset, then the function's state: the digest is unchanged");
        }
    }

    @Test
    void aMalformedSequenceIsRefusedWithAVerdictAndTheNextPacketsAreApplied() {
        try (NodeHarness node = new NodeHarness("a", "passthrough")) {
            node.sendNumbered("f", "p0", 0, 1);
            node.sendNumbered("f", "bad", -7, 2);
            node.sendNumbered("f", "p1", 1, 3);
            node.send("g", "unnumbered", 4);
            List<NodeOutput> outputs = node.drainOutputs();
            assertEquals(TrafficPath.MALFORMED_SEQUENCE, outputs.get(1).getDropReason());
            assertEquals(List.of("p0", "-", "p1", "unnumbered"), outputs.stream().map(EndpointSequenceTest::payload).toList());
            assertEquals(1, StoredFlow.decode(node.flows().get("f")).lastSequence());
        }
    }

    @Test
    void aNumberedFlowTheFunctionForgetsStillKnowsItsLastSequence() {
        try (NodeHarness node = new NodeHarness("a", ClosingSessions.NAME, FunctionConfig.empty(),
                NodeHarness.syncDefaults(true), -1, partition -> Optional.empty())) {
            node.sendNumbered("f", "p0", 0, 1);
            node.sendNumbered("f", ClosingSessions.CLOSE, 1, 2);
            node.sendNumbered("f", ClosingSessions.CLOSE, 1, 3); // the retry of the close: must not reach the function
            node.sendNumbered("f", "p2", 2, 4);
            List<NodeOutput> outputs = node.drainOutputs();
            assertEquals(List.of("p0", "close", "-", "p2"), outputs.stream().map(EndpointSequenceTest::payload).toList());
            assertEquals(TrafficPath.DUPLICATE_SEQUENCE, outputs.get(2).getDropReason());
            StoredFlow flow = StoredFlow.decode(node.flows().get("f"));
            assertEquals(2, flow.lastSequence());
            assertEquals(1, java.nio.ByteBuffer.wrap(flow.state()).getLong(), "p2 opened the flow anew: one packet counted");
        }
    }

    @Test
    void aBackupSynchronizedByCheckpointDropsTheSameRepeatsAsItsLeader() {
        LeaderLookup lookup = partition -> Optional.of("a");
        try (NodeHarness a = new NodeHarness("a", ClosingSessions.NAME, FunctionConfig.empty(), NodeHarness.syncDefaults(true),
                -1, lookup);
             NodeHarness b = new NodeHarness("b", ClosingSessions.NAME, FunctionConfig.empty(), NodeHarness.syncDefaults(false),
                     30, lookup)) {
            // before b joined (its consumer starts at offset 30): 10 flows, 3 numbered packets each; flow-9 closed
            long offset = 0;
            for (int seq = 0; seq < 3; seq++) {
                for (int f = 0; f < 10; f++) {
                    String payload = f == 9 && seq == 2 ? ClosingSessions.CLOSE : "p" + seq;
                    for (NodeHarness node : List.of(a, b)) {
                        node.sendNumbered("flow-" + f, payload, seq, 1_000 + offset);
                    }
                    offset++;
                }
            }
            // b joins: it stashes, asks, and is synchronized by checkpoint while traffic goes on (flow-9 stays closed)
            for (int f = 0; f < 9; f++, offset++) {
                for (NodeHarness node : List.of(a, b)) {
                    node.sendNumbered("flow-" + f, "p3", 3, 1_000 + offset);
                }
            }
            exchange(a, b);
            assertEquals(SyncState.SYNCHRONIZED, b.status().syncState());
            a.drainOutputs();
            b.drainOutputs();

            // retries of packets applied before b joined, one of them the closed flow's close
            for (NodeHarness node : List.of(a, b)) {
                node.sendNumbered("flow-2", "p1", 1, 2_000);
                node.sendNumbered("flow-9", ClosingSessions.CLOSE, 2, 2_001);
                node.sendNumbered("flow-4", "p3", 3, 2_002);
                node.sendNumbered("flow-4", "p4", 4, 2_003);
            }
            List<NodeOutput> fromA = a.drainOutputs();
            List<NodeOutput> fromB = b.drainOutputs();
            assertEquals(List.of("-", "-", "-", "p4"), fromA.stream().map(EndpointSequenceTest::payload).toList());
            assertEquals(4, fromB.size());
            for (int i = 0; i < 4; i++) {
                NodeOutput fromLeader = NodeOutput.newBuilder(fromA.get(i)).setNodeId("-").setSyncedFrom(0).build();
                NodeOutput fromBackup = NodeOutput.newBuilder(fromB.get(i)).setNodeId("-").setSyncedFrom(0).build();
                assertEquals(fromLeader, fromBackup, "output " + i + ": the backup's verdict is the leader's");
            }
            assertEquals(TrafficPath.DUPLICATE_SEQUENCE, fromB.get(0).getDropReason());
            assertEquals(a.status().digest(), b.status().digest());
            assertEquals(StoredFlow.decode(a.flows().get("flow-9")), StoredFlow.decode(b.flows().get("flow-9")));
            assertNull(StoredFlow.decode(b.flows().get("flow-9")).state(), "the closed flow's sequence crossed over alone");
        }
    }

    private static String payload(NodeOutput output) {
        return output.getEmissions().isEmpty() ? "-"
                : StandardCharsets.UTF_8.decode(output.getEmissions().get(0).getPayload().duplicate()).toString();
    }

    /** Carries messages between two nodes until both are quiet. */
    private static void exchange(NodeHarness leader, NodeHarness backup) {
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
}
