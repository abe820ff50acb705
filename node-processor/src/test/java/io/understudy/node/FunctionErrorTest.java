package io.understudy.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.node.internals.processing.NodeStores;
import io.understudy.node.internals.state.StoredFlow;
import io.understudy.node.testing.FailingFunction;
import io.understudy.node.testing.NodeHarness;
import io.understudy.records.NodeOutput;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * What a node does when its traffic function throws, through the node's real record path: an
 * exception or an {@link Error} of the function's own (a stack overflow, a missing class) is
 * answered with a drop verdict and the node goes on, alike on every node; a failure of the JVM
 * itself (out of memory) stops the node's stream thread.
 */
class FunctionErrorTest {

    private static final List<String> PAYLOADS = List.of("one", "recurse", "two", "linkage", "exception", "three");

    @Test
    void anErrorOfTheFunctionIsADropVerdictOnEveryNodeAndTheNodeGoesOn() {
        try (NodeHarness a = new NodeHarness("same", FailingFunction.NAME);
             NodeHarness b = new NodeHarness("same", FailingFunction.NAME)) {
            for (int i = 0; i < PAYLOADS.size(); i++) {
                a.send("f", PAYLOADS.get(i), 100 + i);
                b.send("f", PAYLOADS.get(i), 100 + i);
            }
            List<TestRecord<String, byte[]>> fromA = a.drainRaw();
            List<TestRecord<String, byte[]>> fromB = b.drainRaw();
            assertEquals(PAYLOADS.size(), fromA.size(), "one output per record");
            List<String> verdicts = fromA.stream().map(r -> a.decode(r.value()).getDropReason()).toList();
            assertEquals(Arrays.asList(null, "function error: StackOverflowError", null,
                    "function error: NoClassDefFoundError: io/example/Missing",
                    "function error: IllegalStateException: told to fail", null), verdicts);
            NodeOutput overflow = a.decode(fromA.get(1).value());
            assertEquals(0, overflow.getEmissions().size());
            for (int i = 0; i < fromA.size(); i++) {
                assertArrayEquals(fromA.get(i).value(), fromB.get(i).value(), "output " + i);
            }
            StoredFlow flow = StoredFlow.decode(a.driver.<String, byte[]>getKeyValueStore(NodeStores.FLOWS).get("f"));
            assertEquals(3L, ByteBuffer.wrap(flow.state()).getLong(), "the failed packets left the state as it was");
            assertEquals(5, flow.lastOffset());
            assertEquals(a.status().digest(), b.status().digest());
            assertEquals(5, a.status().lastOffset());
        }
    }

    @Test
    void theJvmRunningOutOfMemoryStopsTheStreamThreadRatherThanAnsweringForTheRecord() {
        try (NodeHarness a = new NodeHarness("a", FailingFunction.NAME)) {
            a.send("f", "one", 100);
            Throwable thrown = assertThrows(Throwable.class, () -> a.send("f", "oom", 101));
            Throwable cause = thrown;
            while (cause != null && !(cause instanceof OutOfMemoryError)) {
                cause = cause.getCause();
            }
            assertTrue(cause instanceof OutOfMemoryError, "thrown: " + thrown);
            List<TestRecord<String, byte[]>> outputs = a.drainRaw();
            assertEquals(1, outputs.size(), "no verdict for the record");
            assertNull(a.decode(outputs.get(0).value()).getDropReason());
        }
    }
}
