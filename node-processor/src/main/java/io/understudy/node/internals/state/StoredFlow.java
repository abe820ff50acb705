package io.understudy.node.internals.state;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A flow's session context as kept in the node's {@code flows} store: the offset of the last
 * ingress record applied to it, then the traffic function's encoded state.
 *
 * <p>Stored layout: 8 bytes big-endian {@code lastOffset}, then the state bytes. These are also
 * the bytes the state digest hashes, so the last offset is part of what backups must agree on.
 *
 * @param lastOffset offset of the last ingress record applied to the flow
 * @param state      the traffic function's encoded per-flow state
 */
public record StoredFlow(long lastOffset, byte[] state) {

    public byte[] encode() {
        return ByteBuffer.allocate(8 + state.length).putLong(lastOffset).put(state).array();
    }

    public static StoredFlow decode(byte[] stored) {
        if (stored.length < 8) {
            throw new IllegalStateException("corrupt flow entry: " + stored.length + " bytes, expected at least 8");
        }
        ByteBuffer buffer = ByteBuffer.wrap(stored);
        long lastOffset = buffer.getLong();
        return new StoredFlow(lastOffset, Arrays.copyOfRange(stored, 8, stored.length));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredFlow f && f.lastOffset == lastOffset && Arrays.equals(f.state, state);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(lastOffset) * 31 + Arrays.hashCode(state);
    }

    @Override
    public String toString() {
        return "StoredFlow[lastOffset=" + lastOffset + ", " + state.length + " bytes]";
    }
}
