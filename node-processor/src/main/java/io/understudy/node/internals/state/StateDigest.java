package io.understudy.node.internals.state;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The incremental digest of a partition's state: the XOR of one 64-bit hash per stored flow.
 *
 * <p>XOR makes it independent of iteration order and updatable in O(1) per record (remove the
 * flow's old hash, add its new one), so every {@code NodeOutput} can carry the digest after its
 * record. Two nodes holding the same flows with the same bytes at the same offset have the same
 * digest; the selector compares them to catch a diverging backup at the first record that differs.
 *
 * <p>The hash is MurmurHash64A (public domain), chosen for speed and stability across JVMs; it is
 * not meant to resist an adversary, only to detect accidental divergence.
 */
public final class StateDigest {

    /** The digest of a partition that holds no flows. */
    public static final long EMPTY = 0L;

    private static final long M = 0xc6a4a7935bd1e995L;
    private static final int R = 47;
    private static final long SEED = 0x5eed_0f_0dd_5eedL;
    private static final long OUTPUT_SEED = 0x0dd_0c7_d16e57L;
    /** Stands for an absent destination or verdict: one byte no UTF-8 string encodes to alone. */
    private static final byte[] NONE = {(byte) 0xff};

    private StateDigest() {
    }

    /** The digest after a flow's stored bytes changed from {@code before} to {@code after} (null = absent). */
    public static long update(long digest, String flowId, byte[] before, byte[] after) {
        if (before != null) {
            digest ^= ofFlow(flowId, before);
        }
        if (after != null) {
            digest ^= ofFlow(flowId, after);
        }
        return digest;
    }

    /**
     * The digest an output carries: the state digest after its record, chained with what the record
     * produced (each emission's payload and destination, in order, and the drop verdict). Two nodes
     * whose states agree but whose emissions differ (a function that is not deterministic, a payload
     * built from something other than the state) then differ at that very output, and the selector
     * sees it; with the state digest alone it never would, since a payload leaves no trace in the
     * state.
     *
     * @param payloads     each emission's payload, in output order
     * @param destinations each emission's destination (null allowed), in output order
     * @param dropReason   the verdict, or null when the packet was not dropped
     */
    public static long ofOutput(long stateDigest, List<byte[]> payloads, List<String> destinations, String dropReason) {
        long h = murmur64(longBytes(stateDigest), OUTPUT_SEED);
        h = murmur64(longBytes(payloads.size()), h);
        for (int i = 0; i < payloads.size(); i++) {
            h = murmur64(payloads.get(i), h);
            String destination = destinations.get(i);
            h = murmur64(destination == null ? NONE : destination.getBytes(StandardCharsets.UTF_8), h ^ 0x2545f4914f6cdd1dL);
        }
        return murmur64(dropReason == null ? NONE : dropReason.getBytes(StandardCharsets.UTF_8), h ^ 0x632be59bd9b4e019L);
    }

    private static byte[] longBytes(long value) {
        byte[] bytes = new byte[8];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (value >>> (8 * i));
        }
        return bytes;
    }

    /** The contribution of one flow: a hash of its id and its stored bytes. */
    public static long ofFlow(String flowId, byte[] stored) {
        byte[] id = flowId.getBytes(StandardCharsets.UTF_8);
        long h = murmur64(id, SEED);
        return murmur64(stored, h ^ 0x9e3779b97f4a7c15L);
    }

    static long murmur64(byte[] data, long seed) {
        int length = data.length;
        long h = seed ^ (length * M);
        int blocks = length / 8;
        for (int i = 0; i < blocks; i++) {
            int j = i * 8;
            long k = (data[j] & 0xffL) | (data[j + 1] & 0xffL) << 8 | (data[j + 2] & 0xffL) << 16
                    | (data[j + 3] & 0xffL) << 24 | (data[j + 4] & 0xffL) << 32 | (data[j + 5] & 0xffL) << 40
                    | (data[j + 6] & 0xffL) << 48 | (data[j + 7] & 0xffL) << 56;
            k *= M;
            k ^= k >>> R;
            k *= M;
            h ^= k;
            h *= M;
        }
        int tail = blocks * 8;
        switch (length & 7) {
            case 7: h ^= (data[tail + 6] & 0xffL) << 48; // fall through
            case 6: h ^= (data[tail + 5] & 0xffL) << 40; // fall through
            case 5: h ^= (data[tail + 4] & 0xffL) << 32; // fall through
            case 4: h ^= (data[tail + 3] & 0xffL) << 24; // fall through
            case 3: h ^= (data[tail + 2] & 0xffL) << 16; // fall through
            case 2: h ^= (data[tail + 1] & 0xffL) << 8; // fall through
            case 1:
                h ^= data[tail] & 0xffL;
                h *= M;
                break;
            default:
                break;
        }
        h ^= h >>> R;
        h *= M;
        h ^= h >>> R;
        return h;
    }
}
