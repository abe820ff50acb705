package io.understudy.selector.routing;

import io.understudy.records.NodeOutput;
import io.understudy.records.SyncState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The outputs of non-leading nodes past the watermark, kept until the watermark passes them or
 * their node takes over. The store holds the outputs themselves (changelogged, so a restarted
 * selector still has them); an in-memory index per node, in offset order, keeps every operation
 * a point lookup.
 *
 * <p>Store key: node id (UTF-8), a zero byte, the ingress offset (8 bytes big-endian).
 */
final class KeptOutputs {

    /** What the index remembers of a kept output: enough to compare digests without reading it. */
    record Entry(long offset, long digest, boolean synced) {
    }

    private final KeyValueStore<Bytes, byte[]> store;
    private final Map<String, ArrayDeque<Entry>> byNode = new TreeMap<>();

    KeptOutputs(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    /** Rebuilds the index from the store (task start). */
    void load() {
        byNode.clear();
        try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<Bytes, byte[]> entry = all.next();
                NodeOutput output = decode(entry.value);
                byNode.computeIfAbsent(output.getNodeId(), n -> new ArrayDeque<>()).add(entryOf(output));
            }
        }
        // store order is key order: per node ascending offsets already, but be sure
        byNode.values().forEach(deque -> {
            List<Entry> sorted = new ArrayList<>(deque);
            sorted.sort((a, b) -> Long.compare(a.offset(), b.offset()));
            deque.clear();
            deque.addAll(sorted);
        });
    }

    void keep(NodeOutput output) {
        ArrayDeque<Entry> deque = byNode.computeIfAbsent(output.getNodeId(), n -> new ArrayDeque<>());
        if (!deque.isEmpty() && deque.peekLast().offset() >= output.getIngressOffset()) {
            return; // already kept (a node's outputs arrive in offset order)
        }
        store.put(key(output.getNodeId(), output.getIngressOffset()), encode(output));
        deque.addLast(entryOf(output));
    }

    int count(String node) {
        ArrayDeque<Entry> deque = byNode.get(node);
        return deque == null ? 0 : deque.size();
    }

    /** The kept entry of a node at exactly this offset, if any. */
    Entry at(String node, long offset) {
        ArrayDeque<Entry> deque = byNode.get(node);
        if (deque == null) {
            return null;
        }
        for (Entry entry : deque) {
            if (entry.offset() == offset) {
                return entry;
            }
            if (entry.offset() > offset) {
                return null;
            }
        }
        return null;
    }

    /**
     * Forgets every kept output at or below {@code watermark}, handing each node's entry at exactly
     * the watermark to {@code atWatermark} first (for digest comparison).
     */
    void dropUpTo(long watermark, EntryVisitor atWatermark) {
        for (Map.Entry<String, ArrayDeque<Entry>> node : byNode.entrySet()) {
            ArrayDeque<Entry> deque = node.getValue();
            while (!deque.isEmpty() && deque.peekFirst().offset() <= watermark) {
                Entry entry = deque.pollFirst();
                if (entry.offset() == watermark) {
                    atWatermark.visit(node.getKey(), entry);
                }
                store.delete(key(node.getKey(), entry.offset()));
            }
        }
    }

    /** Removes and returns every kept output of a node, in offset order (the node takes over). */
    List<NodeOutput> takeAll(String node) {
        ArrayDeque<Entry> deque = byNode.get(node);
        if (deque == null || deque.isEmpty()) {
            return List.of();
        }
        List<NodeOutput> outputs = new ArrayList<>(deque.size());
        for (Iterator<Entry> it = deque.iterator(); it.hasNext(); ) {
            Entry entry = it.next();
            Bytes key = key(node, entry.offset());
            byte[] value = store.get(key);
            if (value != null) {
                outputs.add(decode(value));
            }
            store.delete(key);
            it.remove();
        }
        return outputs;
    }

    /** Forgets every kept output of a node (it became ineligible or overflowed). */
    void clear(String node) {
        ArrayDeque<Entry> deque = byNode.get(node);
        if (deque == null) {
            return;
        }
        for (Entry entry : deque) {
            store.delete(key(node, entry.offset()));
        }
        deque.clear();
    }

    @FunctionalInterface
    interface EntryVisitor {
        void visit(String node, Entry entry);
    }

    static boolean synced(NodeOutput output) {
        return output.getSyncState() == SyncState.SYNCHRONIZED && output.getSyncedFrom() >= 0
                && output.getIngressOffset() >= output.getSyncedFrom();
    }

    private static Entry entryOf(NodeOutput output) {
        return new Entry(output.getIngressOffset(), output.getStateDigest(), synced(output));
    }

    static Bytes key(String node, long offset) {
        byte[] id = node.getBytes(StandardCharsets.UTF_8);
        byte[] key = Arrays.copyOf(id, id.length + 9);
        ByteBuffer.wrap(key, id.length + 1, 8).putLong(offset);
        return Bytes.wrap(key);
    }

    private static byte[] encode(NodeOutput output) {
        try {
            ByteBuffer buffer = output.toByteBuffer();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static NodeOutput decode(byte[] bytes) {
        try {
            return NodeOutput.fromByteBuffer(ByteBuffer.wrap(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt kept output in the selector's store", e);
        }
    }
}
