package io.understudy.node.internals.sync;

/**
 * Which slice of the flow space a flow falls in, for probes: a stable hash of the flow id modulo
 * the slice count, computed identically on every node and every JVM.
 */
final class FlowSlices {

    private FlowSlices() {
    }

    static int sliceOf(String flowId, int sliceCount) {
        // String.hashCode is specified by the JLS; the murmur3 finalizer spreads its low bits
        int h = flowId.hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return Integer.remainderUnsigned(h, sliceCount);
    }

    /** The smallest power of two that cuts {@code totalBytes} into slices of at most {@code maxBytes}. */
    static int countFor(long totalBytes, int maxBytes) {
        int count = 1;
        while (count < (1 << 20) && totalBytes / count > maxBytes) {
            count <<= 1;
        }
        return count;
    }
}
