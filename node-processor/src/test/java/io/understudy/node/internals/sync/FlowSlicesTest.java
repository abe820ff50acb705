package io.understudy.node.internals.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Probe slices must come out alike on every node and every JVM: a node that sliced differently
 * would compare a probe's contexts with the wrong flows of its own. These values pin the function,
 * so that changing it is a decision rather than an accident.
 */
class FlowSlicesTest {

    @Test
    void aFlowsSliceIsPinnedBitForBit() {
        List<String> flows = List.of("flow-0", "flow-1", "flow-2", "flow-3");
        assertEquals(List.of(338_063_269, 770_341_542, 801_783_503, 199_104_150),
                flows.stream().map(flow -> FlowSlices.sliceOf(flow, 1 << 30)).toList());
        assertEquals(List.of(5, 6, 7, 6), flows.stream().map(flow -> FlowSlices.sliceOf(flow, 8)).toList());
        assertEquals(0, FlowSlices.sliceOf("", 8), "the empty id hashes to 0, and so does its mix");
    }

    @Test
    void theSliceCountIsTheSmallestPowerOfTwoThatKeepsEachSliceWithinItsBound() {
        assertEquals(1, FlowSlices.countFor(0, 100));
        assertEquals(1, FlowSlices.countFor(100, 100));
        assertEquals(2, FlowSlices.countFor(101, 100));
        assertEquals(2, FlowSlices.countFor(201, 100), "two slices of 100 bytes (and 1)");
        assertEquals(4, FlowSlices.countFor(202, 100));
        assertEquals(1 << 20, FlowSlices.countFor(Long.MAX_VALUE, 1), "at most 2^20 slices, however large the state");
    }
}
