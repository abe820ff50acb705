package io.understudy.node.internals.sync;

import io.understudy.records.FlowContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a snapshot of contexts (and the flows removed since the previous round) into chunks of at
 * most a given size, so that state of any size fits Kafka's message size limit. A round always
 * has at least one chunk, even when it carries nothing: its acknowledgement is what the leader
 * decides on.
 */
final class ContextChunks {

    /** Overhead counted per context and per removed flow on top of their bytes (Avro lengths, offsets). */
    private static final int PER_ENTRY_OVERHEAD = 16;

    /**
     * One chunk.
     *
     * @param contexts contexts to install
     * @param removed  flows to forget
     */
    record Chunk(List<FlowContext> contexts, List<String> removed) {
    }

    private ContextChunks() {
    }

    static List<Chunk> cut(List<FlowContext> contexts, List<String> removed, int maxBytes) {
        List<Chunk> chunks = new ArrayList<>();
        List<FlowContext> currentContexts = new ArrayList<>();
        List<String> currentRemoved = new ArrayList<>();
        long bytes = 0;
        for (String flowId : removed) {
            int size = flowId.getBytes(StandardCharsets.UTF_8).length + PER_ENTRY_OVERHEAD;
            if (bytes + size > maxBytes && bytes > 0) {
                chunks.add(new Chunk(currentContexts, currentRemoved));
                currentContexts = new ArrayList<>();
                currentRemoved = new ArrayList<>();
                bytes = 0;
            }
            currentRemoved.add(flowId);
            bytes += size;
        }
        for (FlowContext context : contexts) {
            int size = sizeOf(context);
            if (bytes + size > maxBytes && bytes > 0) {
                chunks.add(new Chunk(currentContexts, currentRemoved));
                currentContexts = new ArrayList<>();
                currentRemoved = new ArrayList<>();
                bytes = 0;
            }
            currentContexts.add(context);
            bytes += size;
        }
        chunks.add(new Chunk(currentContexts, currentRemoved));
        return chunks;
    }

    static int sizeOf(FlowContext context) {
        return context.getFlowId().length() + (context.getState() == null ? 0 : context.getState().remaining())
                + PER_ENTRY_OVERHEAD;
    }
}
