package io.understudy.bridge.tcp.frame;

import java.util.Optional;

/** The type byte of a frame a client sends. */
public enum FrameType {

    /** Names the connection's flow. */
    OPEN(0x01),
    /** A packet of the connection's flow. */
    DATA(0x02),
    /** A packet of the flow named in the frame. */
    DATA_WITH_FLOW(0x03),
    /** A packet of the connection's flow, numbered by its endpoint. */
    NUMBERED_DATA(0x04),
    /** A packet of the flow named in the frame, numbered by its endpoint. */
    NUMBERED_DATA_WITH_FLOW(0x05);

    private final byte code;

    FrameType(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    public static Optional<FrameType> ofCode(byte code) {
        for (FrameType type : values()) {
            if (type.code == code) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
