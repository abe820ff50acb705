package io.understudy.selector.internals.routing;

import io.understudy.records.NodeOutput;
import io.understudy.records.SyncState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outputs of non-leading nodes past the watermark, in memory, kept until the watermark passes
 * them or their node takes over. Nothing here is persisted: the selector's state records, for each
 * node, where its oldest kept output sits in its output topic, and a new owner re-reads from there.
 * Nodes are iterated in id order (a {@link TreeMap}), so no hash order reaches a decision.
 */
final class KeptOutputs {

    /** A kept output and where it was read (its offset in the node's output topic partition). */
    record Kept(NodeOutput output, long topicOffset) {
        long offset() {
            return output.getIngressOffset();
        }
    }

    private final Map<String, ArrayDeque<Kept>> byNode = new TreeMap<>();

    void keep(NodeOutput output, long topicOffset) {
        ArrayDeque<Kept> deque = byNode.computeIfAbsent(output.getNodeId(), n -> new ArrayDeque<>());
        if (!deque.isEmpty() && deque.peekLast().offset() >= output.getIngressOffset()) {
            return; // already kept (a node's outputs arrive in offset order; a re-read brings them again)
        }
        deque.addLast(new Kept(output, topicOffset));
    }

    int count(String node) {
        ArrayDeque<Kept> deque = byNode.get(node);
        return deque == null ? 0 : deque.size();
    }

    /** The output-topic offset of the node's oldest kept output, or -1 when none is kept. */
    long oldestTopicOffset(String node) {
        ArrayDeque<Kept> deque = byNode.get(node);
        return deque == null || deque.isEmpty() ? -1 : deque.peekFirst().topicOffset();
    }

    /**
     * Forgets every kept output at or below {@code watermark}, handing each to {@code passed} first
     * (for digest comparison: none is dropped uncompared). {@code passed} may clear a node.
     */
    void dropUpTo(long watermark, OutputVisitor passed) {
        for (Map.Entry<String, ArrayDeque<Kept>> node : byNode.entrySet()) {
            ArrayDeque<Kept> deque = node.getValue();
            while (!deque.isEmpty() && deque.peekFirst().offset() <= watermark) {
                passed.visit(node.getKey(), deque.pollFirst());
            }
        }
    }

    /** Removes and returns every kept output of a node, in offset order (the node takes over). */
    List<Kept> takeAll(String node) {
        ArrayDeque<Kept> deque = byNode.get(node);
        if (deque == null || deque.isEmpty()) {
            return List.of();
        }
        List<Kept> outputs = new ArrayList<>(deque);
        deque.clear();
        return outputs;
    }

    /** Forgets every kept output of a node (it became ineligible or overflowed). */
    void clear(String node) {
        ArrayDeque<Kept> deque = byNode.get(node);
        if (deque != null) {
            deque.clear();
        }
    }

    @FunctionalInterface
    interface OutputVisitor {
        void visit(String node, Kept kept);
    }

    static boolean synced(NodeOutput output) {
        return output.getSyncState() == SyncState.SYNCHRONIZED && output.getSyncedFrom() >= 0
                && output.getIngressOffset() >= output.getSyncedFrom();
    }
}
