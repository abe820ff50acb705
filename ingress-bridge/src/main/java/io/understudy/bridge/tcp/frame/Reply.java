package io.understudy.bridge.tcp.frame;

import io.understudy.bridge.RejectReason;
import java.util.Objects;
import java.util.Optional;

/** What the bridge answers to one frame (see {@link io.understudy.bridge.tcp.frame the package}). */
public sealed interface Reply {

    /** The number of the frame answered, or {@link FrameFormat#NO_FRAME} for the connection as a whole. */
    long frameIndex();

    /**
     * Kafka acknowledged the frame's packet.
     *
     * @param sequence  the packet's sequence number within its flow (TrafficPacket.sequence)
     * @param partition the ingress partition it was written to
     * @param offset    its offset there
     */
    record Ack(long frameIndex, long sequence, int partition, long offset) implements Reply {
    }

    /** The OPEN frame took effect: DATA frames that follow belong to the flow it named. */
    record Opened(long frameIndex) implements Reply {
    }

    /**
     * The frame (or the connection) was refused.
     *
     * @param code    the {@link RejectReason#wireCode()}
     * @param message what was wrong, for a human
     */
    record Error(long frameIndex, int code, String message) implements Reply {
        public Error {
            Objects.requireNonNull(message, "message");
        }

        public static Error of(long frameIndex, RejectReason reason, String message) {
            return new Error(frameIndex, reason.wireCode(), message);
        }

        /** The reason, when this client knows the code. */
        public Optional<RejectReason> reason() {
            return RejectReason.ofWireCode(code);
        }
    }
}
