package io.understudy.node.internals.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.understudy.records.FlowContext;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How a round's contexts and removed flows are cut into chunks: each entry counts its bytes plus
 * 16, a chunk takes entries while they fit its bound exactly, and an entry larger than the bound
 * goes alone rather than never.
 */
class ContextChunksTest {

    @Test
    void anEmptyRoundIsOneEmptyChunk() {
        assertEquals(List.of(new ContextChunks.Chunk(List.of(), List.of())), ContextChunks.cut(List.of(), List.of(), 100));
    }

    @Test
    void anEntryCountsItsFlowIdItsStateAndSixteenBytes() {
        assertEquals(2 + 10 + 16, ContextChunks.sizeOf(context("c1", 10)));
        assertEquals(2 + 16, ContextChunks.sizeOf(context("c1", -1)), "a flow with no state (numbered, forgotten)");
    }

    @Test
    void removedFlowsFillAChunkUpToItsBoundExactly() {
        // "r1" is 2 + 16 = 18 bytes: two fit 36 exactly, the third starts a chunk
        assertEquals(List.of(new ContextChunks.Chunk(List.of(), List.of("r1", "r2")),
                        new ContextChunks.Chunk(List.of(), List.of("r3"))),
                ContextChunks.cut(List.of(), List.of("r1", "r2", "r3"), 36));
        assertEquals(List.of(new ContextChunks.Chunk(List.of(), List.of("r1")), new ContextChunks.Chunk(List.of(), List.of("r2")),
                        new ContextChunks.Chunk(List.of(), List.of("r3"))),
                ContextChunks.cut(List.of(), List.of("r1", "r2", "r3"), 35));
    }

    @Test
    void contextsFillAChunkUpToItsBoundExactly() {
        FlowContext c1 = context("c1", 10);
        FlowContext c2 = context("c2", 10);
        FlowContext c3 = context("c3", 10);
        assertEquals(List.of(new ContextChunks.Chunk(List.of(c1, c2), List.of()), new ContextChunks.Chunk(List.of(c3), List.of())),
                ContextChunks.cut(List.of(c1, c2, c3), List.of(), 56));
        assertEquals(List.of(new ContextChunks.Chunk(List.of(c1), List.of()), new ContextChunks.Chunk(List.of(c2), List.of()),
                        new ContextChunks.Chunk(List.of(c3), List.of())),
                ContextChunks.cut(List.of(c1, c2, c3), List.of(), 55));
    }

    @Test
    void removedFlowsComeFirstAndShareTheirLastChunkWithContexts() {
        FlowContext c1 = context("c1", 10);
        assertEquals(List.of(new ContextChunks.Chunk(List.of(c1), List.of("r1"))),
                ContextChunks.cut(List.of(c1), List.of("r1"), 18 + 28));
        assertEquals(List.of(new ContextChunks.Chunk(List.of(), List.of("r1")), new ContextChunks.Chunk(List.of(c1), List.of())),
                ContextChunks.cut(List.of(c1), List.of("r1"), 18 + 28 - 1));
    }

    @Test
    void anEntryLargerThanTheBoundGoesAloneWithNoEmptyChunkBeforeIt() {
        FlowContext big = context("big", 100);
        assertEquals(List.of(new ContextChunks.Chunk(List.of(big), List.of())), ContextChunks.cut(List.of(big), List.of(), 50));
        assertEquals(List.of(new ContextChunks.Chunk(List.of(), List.of("a-long-removed-flow-id"))),
                ContextChunks.cut(List.of(), List.of("a-long-removed-flow-id"), 20));
    }

    /** A flow's context with {@code stateBytes} of state, or none if negative. */
    private static FlowContext context(String flowId, int stateBytes) {
        return FlowContext.newBuilder().setFlowId(flowId).setLastOffset(7)
                .setState(stateBytes < 0 ? null : ByteBuffer.wrap(new byte[stateBytes])).setLastSequence(-1).build();
    }
}
