package io.understudy.bridge.tcp.frame;

/** The fixed numbers of the wire format described in {@link io.understudy.bridge.tcp.frame the package}. */
public final class FrameFormat {

    /** Bytes of the length prefix in front of every frame and reply. */
    public static final int LENGTH_FIELD_BYTES = 4;

    /**
     * The largest length prefix the bridge will try to skip. Anything above (or negative) ends
     * the connection: see the package documentation for why.
     */
    public static final int MAX_LENGTH = 16 * 1024 * 1024;

    /** Bytes of the flow-id length in a {@link FrameType#DATA_WITH_FLOW} frame. */
    public static final int FLOW_ID_LENGTH_BYTES = 2;

    /** Bytes of the sequence in a numbered data frame. */
    public static final int SEQUENCE_BYTES = 8;

    /** The frame index of an ERROR about the connection rather than one frame. */
    public static final long NO_FRAME = -1;

    /** The longest ERROR message the bridge sends, in UTF-8 bytes; longer ones are cut. */
    public static final int MAX_ERROR_MESSAGE_BYTES = 1024;

    private FrameFormat() {
    }
}
