package io.understudy.selector.internals.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.records.NodeOutput;
import io.understudy.records.SyncState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The outputs kept per node: each offset once, in offset order, forgotten exactly once. */
class KeptOutputsTest {

    private static NodeOutput output(String node, long offset, SyncState state, long syncedFrom) {
        return NodeOutput.newBuilder().setNodeId(node).setIngressPartition(0).setIngressOffset(offset)
                .setIngressTimestamp(offset).setFlowId("f").setEmissions(List.of()).setDropReason(null)
                .setSyncState(state).setSyncedFrom(syncedFrom).setStateDigest(offset).build();
    }

    private static NodeOutput output(String node, long offset) {
        return output(node, offset, SyncState.SYNCHRONIZED, 0);
    }

    @Test
    void anOffsetAlreadyKeptOrEarlierIsNotKeptAgain() {
        KeptOutputs kept = new KeptOutputs();
        kept.keep(output("b", 3), 0);
        kept.keep(output("b", 3), 7); // a re-read brings it again
        kept.keep(output("b", 2), 8);
        kept.keep(output("b", 4), 9);
        assertEquals(2, kept.count("b"));
        assertEquals(0, kept.oldestTopicOffset("b"));
        assertEquals(List.of(3L, 4L), kept.takeAll("b").stream().map(KeptOutputs.Kept::offset).toList());
    }

    @Test
    void takingOrClearingANodesOutputsLeavesNoneAndTheOthersAlone() {
        KeptOutputs kept = new KeptOutputs();
        assertEquals(List.of(), kept.takeAll("b"));
        assertEquals(-1, kept.oldestTopicOffset("b"));
        kept.clear("b"); // nothing kept: nothing to do
        for (long o = 1; o <= 3; o++) {
            kept.keep(output("b", o), o);
            kept.keep(output("c", o), 10 + o);
        }
        assertEquals(3, kept.takeAll("b").size());
        assertEquals(0, kept.count("b"));
        assertEquals(List.of(), kept.takeAll("b"));
        assertEquals(-1, kept.oldestTopicOffset("b"));
        kept.clear("c");
        assertEquals(0, kept.count("c"));
        assertEquals(-1, kept.oldestTopicOffset("c"));
    }

    @Test
    void droppingUpToTheWatermarkHandsEachPassedOutputOnceInNodeAndOffsetOrder() {
        KeptOutputs kept = new KeptOutputs();
        for (long o = 1; o <= 4; o++) {
            kept.keep(output("c", o), o);
            kept.keep(output("b", o), o);
        }
        List<String> passed = new ArrayList<>();
        kept.dropUpTo(2, (node, k) -> passed.add(node + k.offset()));
        assertEquals(List.of("b1", "b2", "c1", "c2"), passed);
        kept.dropUpTo(2, (node, k) -> passed.add(node + k.offset()));
        assertEquals(4, passed.size());
        assertEquals(3, kept.oldestTopicOffset("b"));
        assertEquals(2, kept.count("c"));
    }

    @Test
    void anOutputIsSynchronizedOnlyFromTheOffsetItsNodeSaysOn() {
        assertTrue(KeptOutputs.synced(output("b", 5, SyncState.SYNCHRONIZED, 5)));
        assertTrue(KeptOutputs.synced(output("b", 5, SyncState.SYNCHRONIZED, 0)));
        assertFalse(KeptOutputs.synced(output("b", 4, SyncState.SYNCHRONIZED, 5)));
        assertFalse(KeptOutputs.synced(output("b", 5, SyncState.SYNCHRONIZED, -1)));
        assertFalse(KeptOutputs.synced(output("b", 5, SyncState.RECEIVING, 0)));
    }
}
