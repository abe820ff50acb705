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

    /** A packet of the connection's flow; the payload's remaining bytes are the packet. */
    record Data(ByteBuffer payload) implements Frame {
        public Data {
            Objects.requireNonNull(payload, "payload");
        }

        public static Data of(byte[] payload) {
            return new Data(ByteBuffer.wrap(payload));
        }

        @Override
        public FrameType type() {
            return FrameType.DATA;
        }
    }

    /** A packet of the named flow; the payload's remaining bytes are the packet. */
    record DataWithFlow(String flowId, ByteBuffer payload) implements Frame {
        public DataWithFlow {
            Objects.requireNonNull(flowId, "flowId");
            Objects.requireNonNull(payload, "payload");
        }

        public static DataWithFlow of(String flowId, byte[] payload) {
            return new DataWithFlow(flowId, ByteBuffer.wrap(payload));
        }

        @Override
        public FrameType type() {
            return FrameType.DATA_WITH_FLOW;
        }
    }
}
