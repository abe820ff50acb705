package io.understudy.bridge.tcp.frame;

import java.nio.ByteBuffer;
import java.util.Objects;

/** A frame a client sends, as decoded by the bridge or to be encoded by {@link FrameEncoder}. */
public sealed interface Frame {

    /** The frame's type byte. */
    FrameType type();

    /** Names the connection's flow for the {@link Data} frames that follow. */
    record Open(String flowId) implements Frame {
        public Open {
            Objects.requireNonNull(flowId, "flowId");
        }

        @Override
        public FrameType type() {
            return FrameType.OPEN;
        }
    }

    /** The sequence of a packet its endpoint does not number. */
    long UNNUMBERED = -1;

    /**
     * A packet of the connection's flow; the payload's remaining bytes are the packet.
     *
     * @param sequence the endpoint's number for the packet within its flow (0 or more; a retry
     *                 carries the same number), or {@link #UNNUMBERED}
     */
    record Data(ByteBuffer payload, long sequence) implements Frame {
        public Data {
            Objects.requireNonNull(payload, "payload");
            Frame.requireSequence(sequence);
        }

        public Data(ByteBuffer payload) {
            this(payload, UNNUMBERED);
        }

        public static Data of(byte[] payload) {
            return new Data(ByteBuffer.wrap(payload));
        }

        public static Data numbered(long sequence, byte[] payload) {
            return new Data(ByteBuffer.wrap(payload), sequence);
        }

        @Override
        public FrameType type() {
            return sequence == UNNUMBERED ? FrameType.DATA : FrameType.NUMBERED_DATA;
        }
    }

    /**
     * A packet of the named flow; the payload's remaining bytes are the packet.
     *
     * @param sequence as for {@link Data}
     */
    record DataWithFlow(String flowId, ByteBuffer payload, long sequence) implements Frame {
        public DataWithFlow {
            Objects.requireNonNull(flowId, "flowId");
            Objects.requireNonNull(payload, "payload");
            Frame.requireSequence(sequence);
        }

        public DataWithFlow(String flowId, ByteBuffer payload) {
            this(flowId, payload, UNNUMBERED);
        }

        public static DataWithFlow of(String flowId, byte[] payload) {
            return new DataWithFlow(flowId, ByteBuffer.wrap(payload));
        }

        public static DataWithFlow numbered(String flowId, long sequence, byte[] payload) {
            return new DataWithFlow(flowId, ByteBuffer.wrap(payload), sequence);
        }

        @Override
        public FrameType type() {
            return sequence == UNNUMBERED ? FrameType.DATA_WITH_FLOW : FrameType.NUMBERED_DATA_WITH_FLOW;
        }
    }

    private static void requireSequence(long sequence) {
        if (sequence < UNNUMBERED) {
            throw new IllegalArgumentException("a packet's sequence is 0 or more (or -1 when not numbered), not "
                    + sequence);
        }
    }
}
