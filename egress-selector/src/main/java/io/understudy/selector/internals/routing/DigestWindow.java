package io.understudy.selector.internals.routing;

/**
 * The digests of the outputs emitted for the last {@code size} ingress offsets of one partition,
 * the reference every other node's output at those offsets is compared with. A node's output that
 * reaches the selector after the watermark passed its offset is compared here; one at or below
 * {@code watermark - size} can no longer be, and its node is ordered to resynchronize instead of
 * being trusted uncompared.
 *
 * <p>Bounded by offsets, not by entries: offsets are distinct, so it never holds more than
 * {@code size} entries (three longs and a reference each: 28 bytes, about 1.8 MB at the default
 * 65,536), and it grows only as far as the traffic fills it. Entries arrive in increasing offset
 * order (emission is in offset order, and so is a new owner's re-read of the leader's outputs),
 * which keeps them in a ring of primitive arrays, appended to and searched by bisection.
 *
 * <p>Each entry remembers which node's output it came from and where that output sits in the
 * node's output topic, so that the selector's state can tell a new owner where to re-read the
 * leader's outputs to rebuild the part of the window a lagging backup still needs.
 */
final class DigestWindow {

    private final long size;
    /** A ring whose capacity is a power of two (64, doubled as it fills). */
    private long[] offsets = new long[64];
    private long[] digests = new long[64];
    private long[] topicOffsets = new long[64];
    private String[] sources = new String[64];
    private int head;
    private int count;

    /** @param size how many offsets back from the watermark a digest stays comparable */
    DigestWindow(long size) {
        if (size < 1) {
            throw new IllegalArgumentException("digest window must be at least 1 offset, got " + size);
        }
        this.size = size;
    }

    long size() {
        return size;
    }

    int count() {
        return count;
    }

    /**
     * Records the digest of the output emitted (or looked up) for {@code offset}; an offset already
     * held keeps its first digest. Offsets normally come in increasing order; one that does not (a
     * look-up widened to earlier offsets reads again from further back) is inserted in its place.
     */
    void add(long offset, long digest, String source, long topicOffset) {
        int at = lowerBound(offset);
        if (at < count && offsetAt(at) == offset) {
            return;
        }
        if (count == offsets.length) {
            grow();
        }
        for (int i = count; i > at; i--) { // only for an out-of-order offset: shift the newer ones up
            int to = slot(i);
            int from = slot(i - 1);
            offsets[to] = offsets[from];
            digests[to] = digests[from];
            topicOffsets[to] = topicOffsets[from];
            sources[to] = sources[from];
        }
        int slot = slot(at);
        offsets[slot] = offset;
        digests[slot] = digest;
        topicOffsets[slot] = topicOffset;
        sources[slot] = source;
        count++;
    }

    /** Forgets every digest at or below {@code watermark - size}: those offsets are beyond the window. */
    void slide(long watermark) {
        while (count > 0 && beyond(offsets[head], watermark)) {
            sources[head] = null;
            head = (head + 1) & (offsets.length - 1);
            count--;
        }
    }

    /** Whether an output for {@code offset} can no longer be compared at this watermark. */
    boolean beyond(long offset, long watermark) {
        return offset <= watermark - size;
    }

    /** Whether a digest for exactly {@code offset} is held. */
    boolean has(long offset) {
        return indexOf(offset) >= 0;
    }

    /** The digest held for {@code offset}; call only when {@link #has} says so. */
    long digestAt(long offset) {
        int i = indexOf(offset);
        if (i < 0) {
            throw new IllegalStateException("no digest for offset " + offset);
        }
        return digestAtIndex(i);
    }

    /**
     * Where the digest for exactly {@code offset} is held, for {@link #digestAtIndex}, or -1 when
     * none is: one search where {@link #has} and {@link #digestAt} would make two (a backup's output
     * per record).
     */
    int indexOf(long offset) {
        int i = lowerBound(offset);
        return i < count && offsetAt(i) == offset ? i : -1;
    }

    /** The digest at an index {@link #indexOf} gave, before the window changed. */
    long digestAtIndex(int index) {
        return digests[slot(index)];
    }

    /** The oldest offset held, or -1 when empty. */
    long oldest() {
        return count == 0 ? -1 : offsetAt(0);
    }

    /** The newest offset held, or -1 when empty. */
    long newest() {
        return count == 0 ? -1 : offsetAt(count - 1);
    }

    /**
     * The output-topic offset of {@code node}'s output for the first offset at or after {@code from}
     * that came from that node, or -1 when the window holds none: where a new owner must start
     * re-reading {@code node} to get the digests from {@code from} on.
     */
    long topicOffsetFrom(String node, long from) {
        int i = Math.max(0, lowerBound(from));
        for (; i < count; i++) {
            int slot = slot(i);
            if (node.equals(sources[slot]) && topicOffsets[slot] >= 0) {
                return topicOffsets[slot];
            }
        }
        return -1;
    }

    /**
     * The ingress offset of the first digest at or after {@code from} that came from {@code node}'s
     * output topic, or -1 when the window holds none (see {@link #topicOffsetFrom}).
     */
    long offsetFrom(String node, long from) {
        int i = Math.max(0, lowerBound(from));
        for (; i < count; i++) {
            int slot = slot(i);
            if (node.equals(sources[slot]) && topicOffsets[slot] >= 0) {
                return offsets[slot];
            }
        }
        return -1;
    }

    private long offsetAt(int i) {
        return offsets[slot(i)];
    }

    /** The array slot of the i-th entry (the capacity is a power of two: a mask, not a division). */
    private int slot(int i) {
        return (head + i) & (offsets.length - 1);
    }

    /**
     * The index of the first entry whose offset is at least {@code offset} ({@code count} if none).
     * The newest entry is looked at first: a backup's output is mostly compared with the digest
     * emitted just before.
     */
    private int lowerBound(long offset) {
        if (count > 0 && offsetAt(count - 1) <= offset) {
            return offsetAt(count - 1) == offset ? count - 1 : count;
        }
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (offsetAt(mid) < offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private void grow() {
        int capacity = offsets.length * 2;
        long[] newOffsets = new long[capacity];
        long[] newDigests = new long[capacity];
        long[] newTopicOffsets = new long[capacity];
        String[] newSources = new String[capacity];
        for (int i = 0; i < count; i++) {
            int slot = slot(i);
            newOffsets[i] = offsets[slot];
            newDigests[i] = digests[slot];
            newTopicOffsets[i] = topicOffsets[slot];
            newSources[i] = sources[slot];
        }
        offsets = newOffsets;
        digests = newDigests;
        topicOffsets = newTopicOffsets;
        sources = newSources;
        head = 0;
    }

    @Override
    public String toString() {
        return "DigestWindow[size=" + size + ", count=" + count + ", offsets="
                + (count == 0 ? "[]" : "[" + offsetAt(0) + ".." + newest() + "]") + "]";
    }

    /** The offsets held, oldest first (for tests). */
    long[] heldOffsets() {
        long[] held = new long[count];
        for (int i = 0; i < count; i++) {
            held[i] = offsetAt(i);
        }
        return held;
    }
}
