package io.understudy.bridge.tcp.frame;

import io.understudy.bridge.FlowIdSyntax;
import io.understudy.bridge.FlowIdSyntax.InvalidFlowIdException;
import io.understudy.bridge.RejectReason;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Turns the bytes of one connection, as they arrive in reads of any size, into
 * {@link DecodedFrame}s: one per frame, in order. A frame may be split across reads, and one
 * read may hold several frames; the decoder keeps what it needs between calls and never holds on
 * to the caller's buffer.
 *
 * <p>Memory: at most one frame body ({@code maxFrameBytes}) is buffered. An oversize frame is
 * reported as soon as its length is read, then its bytes are discarded as they arrive.
 *
 * <p>Not thread-safe: one decoder per connection, fed by one thread.
 */
public final class FrameDecoder {

    private enum State { LENGTH, BODY, SKIP, STOPPED }

    private final int maxFrameBytes;

    private State state = State.LENGTH;
    private long nextIndex;
    private int lengthBytesRead;
    private int lengthValue;
    private long currentIndex;
    private byte[] body;
    private int bodyBytesRead;
    private long bytesToSkip;

    /**
     * @param maxFrameBytes the largest frame accepted, as its length field counts (type + body);
     *                      at least 2 and at most {@link FrameFormat#MAX_LENGTH}
     */
    public FrameDecoder(int maxFrameBytes) {
        if (maxFrameBytes < 2 || maxFrameBytes > FrameFormat.MAX_LENGTH) {
            throw new IllegalArgumentException("maxFrameBytes must be between 2 and " + FrameFormat.MAX_LENGTH
                    + ", was " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * Consumes every remaining byte of {@code bytes} and passes each frame completed by them to
     * {@code frames}. After a frame refused with a reason that closes the connection, the
     * decoder is {@linkplain #isStopped() stopped} and ignores further bytes.
     */
    public void decode(ByteBuffer bytes, Consumer<DecodedFrame> frames) {
        while (bytes.hasRemaining()) {
            switch (state) {
                case LENGTH -> readLength(bytes, frames);
                case BODY -> readBody(bytes, frames);
                case SKIP -> skip(bytes);
                case STOPPED -> bytes.position(bytes.limit());
            }
        }
    }

    /** True once a frame length could not be trusted: the connection cannot go on. */
    public boolean isStopped() {
        return state == State.STOPPED;
    }

    /** True when no frame is partly read: the connection ended cleanly if its input ends now. */
    public boolean isBetweenFrames() {
        return state == State.LENGTH && lengthBytesRead == 0;
    }

    /** How many frames have been started (their length read), and so the index of the next one. */
    public long framesStarted() {
        return nextIndex;
    }

    private void readLength(ByteBuffer bytes, Consumer<DecodedFrame> frames) {
        while (lengthBytesRead < FrameFormat.LENGTH_FIELD_BYTES && bytes.hasRemaining()) {
            lengthValue = (lengthValue << 8) | (bytes.get() & 0xFF);
            lengthBytesRead++;
        }
        if (lengthBytesRead < FrameFormat.LENGTH_FIELD_BYTES) {
            return;
        }
        int length = lengthValue;
        lengthBytesRead = 0;
        lengthValue = 0;
        currentIndex = nextIndex++;
        if (length < 0 || length > FrameFormat.MAX_LENGTH) {
            state = State.STOPPED;
            frames.accept(new DecodedFrame.Rejected(currentIndex, RejectReason.FRAME_LENGTH_OUT_OF_RANGE,
                    "Frame " + currentIndex + " has length " + length + ", outside 0.." + FrameFormat.MAX_LENGTH
                            + ": the stream is out of step (or not this protocol); closing the connection"));
        } else if (length == 0) {
            frames.accept(new DecodedFrame.Rejected(currentIndex, RejectReason.MALFORMED_FRAME,
                    "Frame " + currentIndex + " has length 0: a frame holds at least its type byte"));
        } else if (length > maxFrameBytes) {
            state = State.SKIP;
            bytesToSkip = length;
            frames.accept(new DecodedFrame.Rejected(currentIndex, RejectReason.PAYLOAD_TOO_LARGE,
                    "Frame " + currentIndex + " has length " + length + ", above tcp.max.frame.bytes="
                            + maxFrameBytes + ": skipped"));
        } else {
            state = State.BODY;
            body = new byte[length];
            bodyBytesRead = 0;
        }
    }

    private void readBody(ByteBuffer bytes, Consumer<DecodedFrame> frames) {
        int n = Math.min(bytes.remaining(), body.length - bodyBytesRead);
        bytes.get(body, bodyBytesRead, n);
        bodyBytesRead += n;
        if (bodyBytesRead == body.length) {
            byte[] complete = body;
            body = null;
            state = State.LENGTH;
            frames.accept(parse(currentIndex, complete));
        }
    }

    private void skip(ByteBuffer bytes) {
        int n = (int) Math.min(bytes.remaining(), bytesToSkip);
        bytes.position(bytes.position() + n);
        bytesToSkip -= n;
        if (bytesToSkip == 0) {
            state = State.LENGTH;
        }
    }

    /** Makes a frame of a complete body (type byte first); the frame's buffers share {@code body}. */
    private static DecodedFrame parse(long index, byte[] body) {
        FrameType type = FrameType.ofCode(body[0]).orElse(null);
        if (type == null) {
            return new DecodedFrame.Rejected(index, RejectReason.MALFORMED_FRAME, String.format(
                    "Frame %d has unknown type 0x%02X (known: OPEN 0x01, DATA 0x02, DATA_WITH_FLOW 0x03,"
                            + " NUMBERED_DATA 0x04, NUMBERED_DATA_WITH_FLOW 0x05)",
                    index, body[0] & 0xFF));
        }
        try {
            switch (type) {
                case OPEN:
                    return new DecodedFrame.Valid(index, new Frame.Open(
                            FlowIdSyntax.decode(ByteBuffer.wrap(body, 1, body.length - 1))));
                case DATA:
                    if (body.length == 1) {
                        return emptyPayload(index, type);
                    }
                    return new DecodedFrame.Valid(index, new Frame.Data(slice(body, 1)));
                case DATA_WITH_FLOW:
                    return parseDataWithFlow(index, body, 1, Frame.UNNUMBERED);
                case NUMBERED_DATA:
                case NUMBERED_DATA_WITH_FLOW:
                    return parseNumbered(index, type, body);
                default:
                    throw new IllegalStateException("Unhandled frame type " + type);
            }
        } catch (InvalidFlowIdException e) {
            return new DecodedFrame.Rejected(index, RejectReason.INVALID_FLOW_ID,
                    "Frame " + index + " (" + type + "): " + e.getMessage());
        }
    }

    /**
     * A numbered frame: its 8-byte sequence after the type byte, then what the unnumbered frame of
     * the same kind holds. A sequence below 0 is refused with {@code INVALID_SEQUENCE} (the frame
     * is skipped, the connection goes on).
     */
    private static DecodedFrame parseNumbered(long index, FrameType type, byte[] body) {
        int header = 1 + FrameFormat.SEQUENCE_BYTES;
        if (body.length < header) {
            return new DecodedFrame.Rejected(index, RejectReason.MALFORMED_FRAME, "Frame " + index + " (" + type
                    + ") has length " + body.length + ", too short for its 8-byte sequence");
        }
        long sequence = ByteBuffer.wrap(body, 1, FrameFormat.SEQUENCE_BYTES).getLong();
        if (sequence < 0) {
            return new DecodedFrame.Rejected(index, RejectReason.INVALID_SEQUENCE, "Frame " + index + " (" + type
                    + ") has sequence " + sequence + ": a numbered packet's sequence is 0 or more");
        }
        if (type == FrameType.NUMBERED_DATA_WITH_FLOW) {
            return parseDataWithFlow(index, body, header, sequence);
        }
        if (body.length == header) {
            return emptyPayload(index, type);
        }
        return new DecodedFrame.Valid(index, new Frame.Data(slice(body, header), sequence));
    }

    /** A data frame naming its flow, whose flow-id length starts at {@code at}. */
    private static DecodedFrame parseDataWithFlow(long index, byte[] body, int at, long sequence) {
        FrameType type = sequence == Frame.UNNUMBERED ? FrameType.DATA_WITH_FLOW : FrameType.NUMBERED_DATA_WITH_FLOW;
        int header = at + FrameFormat.FLOW_ID_LENGTH_BYTES;
        if (body.length < header) {
            return new DecodedFrame.Rejected(index, RejectReason.MALFORMED_FRAME, "Frame " + index
                    + " (" + type + ") has length " + body.length + ", too short for its 2-byte flow-id length");
        }
        int flowIdLength = ((body[at] & 0xFF) << 8) | (body[at + 1] & 0xFF);
        if (header + flowIdLength > body.length) {
            return new DecodedFrame.Rejected(index, RejectReason.MALFORMED_FRAME, "Frame " + index
                    + " (" + type + ") says its flow id has " + flowIdLength + " bytes, but only "
                    + (body.length - header) + " bytes follow in the frame");
        }
        String flowId = FlowIdSyntax.decode(ByteBuffer.wrap(body, header, flowIdLength));
        if (header + flowIdLength == body.length) {
            return emptyPayload(index, type);
        }
        return new DecodedFrame.Valid(index, new Frame.DataWithFlow(flowId, slice(body, header + flowIdLength), sequence));
    }

    private static DecodedFrame emptyPayload(long index, FrameType type) {
        return new DecodedFrame.Rejected(index, RejectReason.EMPTY_PAYLOAD,
                "Frame " + index + " (" + type + ") has no payload bytes");
    }

    /** The bytes of {@code body} from {@code from} to its end, as a buffer positioned at 0. */
    private static ByteBuffer slice(byte[] body, int from) {
        return ByteBuffer.wrap(body, from, body.length - from).slice();
    }
}
