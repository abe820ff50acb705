package io.understudy.bridge;

import java.util.Optional;

/**
 * Why the bridge refused a packet (or a connection): one list for both endpoints, so that the
 * metrics, the TCP error codes and the HTTP statuses all say the same thing.
 *
 * <p>{@link #wireCode()} is the code in a TCP {@code ERROR} reply and is stable: never renumber.
 */
public enum RejectReason {

    /** A TCP frame longer than {@code tcp.max.frame.bytes}, or an HTTP body over {@code http.max.body.bytes}. Skipped; the connection goes on. */
    PAYLOAD_TOO_LARGE(1, 413, false),

    /** A TCP frame whose structure is wrong: empty, unknown type, or a flow-id length running past the frame's end. Skipped; the connection goes on. */
    MALFORMED_FRAME(2, 400, false),

    /** A flow id that breaks {@link FlowIdSyntax}: empty, longer than 255 UTF-8 bytes, not UTF-8, or holding control characters. */
    INVALID_FLOW_ID(3, 400, false),

    /** A packet with no payload bytes. */
    EMPTY_PAYLOAD(4, 400, false),

    /**
     * A TCP length prefix that is negative or above {@link io.understudy.bridge.tcp.frame.FrameFormat#MAX_LENGTH}:
     * the stream cannot be trusted to be in sync any more, so the bridge replies and closes the connection.
     */
    FRAME_LENGTH_OUT_OF_RANGE(5, 400, true),

    /** A TCP connection beyond {@code tcp.max.connections}: replied to and closed at once. */
    TOO_MANY_CONNECTIONS(6, 503, true),

    /** Kafka did not acknowledge the write (unreachable, send failed or timed out). The packet may or may not have been written; the sender should retry. */
    KAFKA_UNAVAILABLE(7, 503, false),

    /** The bridge is stopping and takes no new packets. */
    SHUTTING_DOWN(8, 503, false),

    /**
     * An HTTP request without valid credentials (bearer token or client certificate, as
     * {@code http.auth.mode} asks): answered 401 and nothing is published. HTTP only.
     */
    UNAUTHENTICATED(9, 401, false),

    /**
     * A numbered packet whose sequence is not a number of 0 or more: a TCP numbered frame with a
     * negative sequence, or an HTTP {@code Understudy-Sequence} header that is not a decimal number
     * of 0 or more. Refused; the connection goes on.
     */
    INVALID_SEQUENCE(10, 400, false);

    private final short wireCode;
    private final int httpStatus;
    private final boolean closesConnection;

    RejectReason(int wireCode, int httpStatus, boolean closesConnection) {
        this.wireCode = (short) wireCode;
        this.httpStatus = httpStatus;
        this.closesConnection = closesConnection;
    }

    /** The code carried by a TCP {@code ERROR} reply. */
    public short wireCode() {
        return wireCode;
    }

    /** The HTTP status the HTTP endpoint answers with. */
    public int httpStatus() {
        return httpStatus;
    }

    /** True when the TCP endpoint closes the connection after replying with this reason. */
    public boolean closesConnection() {
        return closesConnection;
    }

    /** The reason with this {@link #wireCode()}, if any (a newer bridge may send codes this client does not know). */
    public static Optional<RejectReason> ofWireCode(int code) {
        for (RejectReason reason : values()) {
            if (reason.wireCode == code) {
                return Optional.of(reason);
            }
        }
        return Optional.empty();
    }
}
