package io.understudy.bridge.tcp.frame;

import io.understudy.bridge.RejectReason;
import java.util.Objects;

/** What {@link FrameDecoder} made of one frame: a valid frame, or the reason it was refused. */
public sealed interface DecodedFrame {

    /** The frame's number on its connection, from 0. */
    long index();

    /** A well-formed frame. */
    record Valid(long index, Frame frame) implements DecodedFrame {
        public Valid {
            Objects.requireNonNull(frame, "frame");
        }
    }

    /**
     * A refused frame. When {@code reason.closesConnection()} the decoder has stopped and the
     * connection must be closed; otherwise the frame was skipped and decoding goes on.
     */
    record Rejected(long index, RejectReason reason, String message) implements DecodedFrame {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }
}
