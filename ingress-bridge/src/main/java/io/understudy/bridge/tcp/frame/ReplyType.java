package io.understudy.bridge.tcp.frame;

import java.util.Optional;

/** The type byte of a reply the bridge sends. */
public enum ReplyType {

    /** Kafka acknowledged the packet. */
    ACK(0x81),
    /** The OPEN frame took effect. */
    OPENED(0x82),
    /** The frame (or connection) was refused. */
    ERROR(0x83);

    private final byte code;

    ReplyType(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    public static Optional<ReplyType> ofCode(byte code) {
        for (ReplyType type : values()) {
            if (type.code == code) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
