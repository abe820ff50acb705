package io.understudy.node.internals.sync;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The ingress records an unsynced partition keeps, in offset order, until the leader declares it
 * synchronized: a changelogged store keyed by the 8-byte big-endian offset, so that iteration is
 * in offset order. How many it holds is tracked in {@link SyncProgress}, which bounds it.
 */
public final class Stash {

    private final KeyValueStore<Bytes, byte[]> store;

    public Stash(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    public void add(StashedRecord record) {
        store.put(key(record.offset()), record.encode());
    }

    /** Hands every stashed record from {@code fromOffset} on to {@code visitor}, in offset order. */
    public void forEachFrom(long fromOffset, Consumer<StashedRecord> visitor) {
        try (KeyValueIterator<Bytes, byte[]> range = store.range(key(Math.max(0, fromOffset)), key(Long.MAX_VALUE))) {
            while (range.hasNext()) {
                KeyValue<Bytes, byte[]> entry = range.next();
                visitor.accept(StashedRecord.decode(offsetOf(entry.key), entry.value));
            }
        }
    }

    /**
     * Checks that the stash holds every record the consumer handed over from {@code fromOffset} to
     * {@code lastSeen}: each record follows the one stashed before it ({@link StashedRecord#after}),
     * the first one follows an offset before {@code fromOffset} (or is at it), and the last one is
     * {@code lastSeen}.
     *
     * @return null if complete, otherwise what is missing
     */
    public String gapFrom(long fromOffset, long lastSeen) {
        long previous = -1;
        try (KeyValueIterator<Bytes, byte[]> range = store.range(key(Math.max(0, fromOffset)), key(Long.MAX_VALUE))) {
            while (range.hasNext()) {
                KeyValue<Bytes, byte[]> entry = range.next();
                StashedRecord record = StashedRecord.decode(offsetOf(entry.key), entry.value);
                if (previous < 0) {
                    if (record.offset() != fromOffset && (record.after() < 0 || record.after() >= fromOffset)) {
                        return "offset " + record.offset() + " is the first stashed from offset " + fromOffset
                                + ", but it follows offset " + record.after();
                    }
                } else if (record.after() != previous) {
                    return "offset " + record.offset() + " follows offset " + record.after() + ", not " + previous;
                }
                previous = record.offset();
            }
        }
        if (lastSeen >= fromOffset && previous != lastSeen) {
            return "offset " + lastSeen + " was received but the stash ends at offset " + previous;
        }
        return null;
    }

    /** Forgets every record below {@code offset}; returns how many. */
    public int dropBelow(long offset) {
        if (offset <= 0) {
            return 0;
        }
        return delete(store.range(key(0), key(offset - 1)));
    }

    /** Forgets every record; returns how many. */
    public int clear() {
        return delete(store.all());
    }

    private int delete(KeyValueIterator<Bytes, byte[]> entries) {
        List<Bytes> keys = new ArrayList<>();
        try (entries) {
            while (entries.hasNext()) {
                keys.add(entries.next().key);
            }
        }
        keys.forEach(store::delete);
        return keys.size();
    }

    static Bytes key(long offset) {
        return Bytes.wrap(ByteBuffer.allocate(8).putLong(offset).array());
    }

    static long offsetOf(Bytes key) {
        return ByteBuffer.wrap(key.get()).getLong();
    }
}
