package io.understudy.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.functions.passthrough.FlowCount;
import io.understudy.node.internals.processing.NodeStores;
import io.understudy.node.testing.NodeHarness;
import io.understudy.node.internals.state.StoredFlow;
import io.understudy.records.NodeOutput;
import io.understudy.records.SyncState;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** The node's record path under TopologyTestDriver. */
class TrafficPathTest {

    @Test
    void answersEveryIngressRecordWithExactlyOneOutput() {
        try (NodeHarness node = new NodeHarness("a", "passthrough")) {
            for (int i = 0; i < 100; i++) {
                node.send("flow-" + (i % 7), "payload-" + i, 1_000 + i);
            }
            List<TestRecord<String, byte[]>> raw = node.drainRaw();
            assertEquals(100, raw.size());
            for (int i = 0; i < 100; i++) {
                NodeOutput output = node.decode(raw.get(i).value());
                assertEquals(i, output.getIngressOffset());
                assertEquals("a", output.getNodeId());
                assertEquals("flow-" + (i % 7), output.getFlowId());
                assertEquals(1, output.getEmissions().size());
                assertEquals("payload-" + i, StandardCharsets.UTF_8.decode(output.getEmissions().get(0).getPayload()).toString());
                assertEquals(SyncState.SYNCHRONIZED, output.getSyncState());
                assertEquals(1_000 + i, output.getIngressTimestamp());
            }
            assertEquals(99, node.board.status(0).lastOffset());
        }
    }

    @Test
    void twoIndependentNodesProduceByteIdenticalOutputsForTheSameInput() {
        Random random = new Random(42); // test data only; the nodes never see a random source
        try (NodeHarness a = new NodeHarness("same", "passthrough"); NodeHarness b = new NodeHarness("same", "passthrough")) {
            for (int i = 0; i < 500; i++) {
                String flow = "flow-" + random.nextInt(40);
                byte[] payload = new byte[random.nextInt(200)];
                random.nextBytes(payload);
                String text = java.util.Base64.getEncoder().encodeToString(payload);
                long timestamp = 5_000 + i * 3L;
                a.send(flow, text, timestamp);
                b.send(flow, text, timestamp);
            }
            List<TestRecord<String, byte[]>> fromA = a.drainRaw();
            List<TestRecord<String, byte[]>> fromB = b.drainRaw();
            assertEquals(500, fromA.size());
            assertEquals(fromA.size(), fromB.size());
            for (int i = 0; i < fromA.size(); i++) {
                assertEquals(fromA.get(i).key(), fromB.get(i).key());
                assertArrayEquals(fromA.get(i).value(), fromB.get(i).value(), "output " + i + " differs");
            }
            assertEquals(a.board.status(0).digest(), b.board.status(0).digest());
            assertNotEquals(0L, a.board.status(0).digest());
        }
    }

    @Test
    void digestDependsOnStateSoDivergingNodesDiffer() {
        try (NodeHarness a = new NodeHarness("same", "passthrough"); NodeHarness b = new NodeHarness("same", "passthrough")) {
            a.send("f", "x", 1);
            b.send("f", "xy", 1); // a different payload length changes the passthrough count state
            NodeOutput fromA = a.decode(a.drainRaw().get(0).value());
            NodeOutput fromB = b.decode(b.drainRaw().get(0).value());
            assertNotEquals(fromA.getStateDigest(), fromB.getStateDigest());
        }
    }

    /**
     * Issue 17, finding 3: the same state, different emissions. Passthrough's state is a count and
     * a byte total, so "xy" and "xz" leave both nodes with equal states; before the output digest
     * covered the emissions, both outputs carried the same digest and the selector could not tell.
     */
    @Test
    void theOutputDigestCoversTheEmissionsSoEqualStatesWithDifferentPayloadsDiffer() {
        try (NodeHarness a = new NodeHarness("same", "passthrough"); NodeHarness b = new NodeHarness("same", "passthrough")) {
            a.send("f", "xy", 1);
            b.send("f", "xz", 1);
            NodeOutput fromA = a.decode(a.drainRaw().get(0).value());
            NodeOutput fromB = b.decode(b.drainRaw().get(0).value());
            assertEquals(a.board.status(0).digest(), b.board.status(0).digest(), "the states agree");
            assertNotEquals(fromA.getStateDigest(), fromB.getStateDigest());
            a.send("f", "same", 2);
            b.send("f", "same", 2);
            assertEquals(a.decode(a.drainRaw().get(0).value()).getStateDigest(),
                    b.decode(b.drainRaw().get(0).value()).getStateDigest(), "equal outputs of equal states agree");
        }
    }

    @Test
    void undecodableRecordsGetADropVerdictAndProcessingGoesOn() {
        try (NodeHarness node = new NodeHarness("a", "passthrough")) {
            node.send("f", "before", 1);
            node.sendRaw("f", new byte[] {1, 2, 3}, 2);
            node.sendRaw("f", new byte[] {0, 0, 0, 0, 99, 1}, 3);
            node.send("f", "after", 4);
            List<TestRecord<String, byte[]>> raw = node.drainRaw();
            assertEquals(4, raw.size());
            NodeOutput bad = node.decode(raw.get(1).value());
            assertTrue(bad.getDropReason().startsWith("undecodable"), bad.getDropReason());
            assertEquals(0, bad.getEmissions().size());
            NodeOutput unknownSchema = node.decode(raw.get(2).value());
            assertTrue(unknownSchema.getDropReason().startsWith("undecodable"), unknownSchema.getDropReason());
            NodeOutput after = node.decode(raw.get(3).value());
            assertNull(after.getDropReason());
            assertEquals(3, after.getIngressOffset());
            // the drops did not touch the flow's state: two packets counted, last applied at offset 3
            byte[] stored = node.driver.<String, byte[]>getKeyValueStore(NodeStores.FLOWS).get("f");
            StoredFlow flow = StoredFlow.decode(stored);
            assertEquals(3, flow.lastOffset());
            assertEquals(new FlowCount(2, "before".length() + "after".length()), FlowCount.CODEC.decode(flow.state()));
        }
    }
}
