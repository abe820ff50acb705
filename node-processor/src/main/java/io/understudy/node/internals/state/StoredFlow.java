package io.understudy.node.internals.state;

import io.understudy.records.FlowContext;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A flow's session context as kept in the node's {@code flows} store: the offset of the last
 * ingress record applied to it, the highest sequence its endpoint numbered an applied packet with
 * (when the endpoint numbers its packets), then the traffic function's encoded state.
 *
 * <p>Two stored layouts, so that flows whose endpoint does not number its packets keep the bytes
 * (and so the digest) they always had, and a store written before sequences existed still reads:
 * <ul>
 *   <li>unnumbered ({@code lastSequence == -1}): 8 bytes big-endian {@code lastOffset} (0 or more),
 *       then the state bytes;</li>
 *   <li>numbered: 8 bytes {@code -1 - lastOffset} (negative: that is how the layout is told apart),
 *       8 bytes {@code lastSequence}, 1 byte 1 when state bytes follow or 0 when the function forgot
 *       the flow, then the state bytes. A forgotten numbered flow is kept (16 bytes and its key) so
 *       that a late retry of its last packets is still recognized as a repeat.</li>
 * </ul>
 * These are also the bytes the state digest hashes and the probes compare, so the last offset and
 * the last sequence are part of what backups must agree on.
 *
 * @param lastOffset   offset of the last ingress record applied to the flow
 * @param lastSequence the highest endpoint sequence applied to the flow, or -1 when it has none
 * @param state        the traffic function's encoded per-flow state; null only for a numbered flow
 *                     the function forgot
 */
public record StoredFlow(long lastOffset, long lastSequence, byte[] state) {

    private static final int NUMBERED_HEADER = 8 + 8 + 1;

    public StoredFlow {
        if (lastOffset < 0) {
            throw new IllegalArgumentException("a flow's last offset is 0 or more, was " + lastOffset);
        }
        if (lastSequence < -1) {
            throw new IllegalArgumentException("a flow's last sequence is -1 (unnumbered) or more, was " + lastSequence);
        }
        if (state == null && lastSequence < 0) {
            throw new IllegalArgumentException("only a numbered flow is kept without state");
        }
    }

    /** An unnumbered flow. */
    public StoredFlow(long lastOffset, byte[] state) {
        this(lastOffset, -1, state);
    }

    public boolean numbered() {
        return lastSequence >= 0;
    }

    public byte[] encode() {
        if (!numbered()) {
            return ByteBuffer.allocate(8 + state.length).putLong(lastOffset).put(state).array();
        }
        int stateLength = state == null ? 0 : state.length;
        ByteBuffer buffer = ByteBuffer.allocate(NUMBERED_HEADER + stateLength)
                .putLong(-1 - lastOffset).putLong(lastSequence).put((byte) (state == null ? 0 : 1));
        if (state != null) {
            buffer.put(state);
        }
        return buffer.array();
    }

    public static StoredFlow decode(byte[] stored) {
        if (stored.length < 8) {
            throw new IllegalStateException("corrupt flow entry: " + stored.length + " bytes, expected at least 8");
        }
        ByteBuffer buffer = ByteBuffer.wrap(stored);
        long first = buffer.getLong();
        if (first >= 0) {
            return new StoredFlow(first, -1, Arrays.copyOfRange(stored, 8, stored.length));
        }
        if (stored.length < NUMBERED_HEADER) {
            throw new IllegalStateException("corrupt numbered flow entry: " + stored.length + " bytes, expected at least "
                    + NUMBERED_HEADER);
        }
        long lastSequence = buffer.getLong();
        byte hasState = buffer.get();
        if (lastSequence < 0 || (hasState != 0 && hasState != 1) || (hasState == 0 && stored.length > NUMBERED_HEADER)) {
            throw new IllegalStateException("corrupt numbered flow entry: sequence " + lastSequence + ", state flag "
                    + hasState + ", " + stored.length + " bytes");
        }
        return new StoredFlow(-1 - first, lastSequence,
                hasState == 0 ? null : Arrays.copyOfRange(stored, NUMBERED_HEADER, stored.length));
    }

    /** The flow as a checkpoint or probe carries it. */
    public FlowContext toContext(String flowId) {
        return new FlowContext(flowId, lastOffset, state == null ? null : ByteBuffer.wrap(state), lastSequence);
    }

    /** A flow from a checkpoint or probe. */
    public static StoredFlow of(FlowContext context) {
        ByteBuffer buffer = context.getState();
        byte[] state = null;
        if (buffer != null) {
            state = new byte[buffer.remaining()];
            buffer.duplicate().get(state);
        }
        return new StoredFlow(context.getLastOffset(), context.getLastSequence(), state);
    }

    /** The same flow with other state bytes (its offset and sequence kept). */
    public StoredFlow withState(byte[] other) {
        return new StoredFlow(lastOffset, lastSequence, other);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredFlow f && f.lastOffset == lastOffset && f.lastSequence == lastSequence
                && Arrays.equals(f.state, state);
    }

    @Override
    public int hashCode() {
        return (Long.hashCode(lastOffset) * 31 + Long.hashCode(lastSequence)) * 31 + Arrays.hashCode(state);
    }

    @Override
    public String toString() {
        return "StoredFlow[lastOffset=" + lastOffset + (numbered() ? ", lastSequence=" + lastSequence : "") + ", "
                + (state == null ? "forgotten" : state.length + " bytes") + "]";
    }
}
