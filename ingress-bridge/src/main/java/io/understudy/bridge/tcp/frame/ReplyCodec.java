package io.understudy.bridge.tcp.frame;

import java.io.DataInput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Writes replies (the bridge) and reads them (a client). */
public final class ReplyCodec {

    private static final int ACK_LENGTH = 1 + 8 + 8 + 4 + 8;
    private static final int OPENED_LENGTH = 1 + 8;
    private static final int ERROR_HEADER_LENGTH = 1 + 8 + 2;

    private ReplyCodec() {
    }

    /**
     * Appends the reply to {@code out} if it fits entirely.
     *
     * @return false, with {@code out} untouched, when it does not fit
     */
    public static boolean encodeInto(Reply reply, ByteBuffer out) {
        if (reply instanceof Reply.Ack ack) {
            if (out.remaining() < FrameFormat.LENGTH_FIELD_BYTES + ACK_LENGTH) {
                return false;
            }
            out.putInt(ACK_LENGTH).put(ReplyType.ACK.code()).putLong(ack.frameIndex()).putLong(ack.sequence())
                    .putInt(ack.partition()).putLong(ack.offset());
            return true;
        }
        if (reply instanceof Reply.Opened opened) {
            if (out.remaining() < FrameFormat.LENGTH_FIELD_BYTES + OPENED_LENGTH) {
                return false;
            }
            out.putInt(OPENED_LENGTH).put(ReplyType.OPENED.code()).putLong(opened.frameIndex());
            return true;
        }
        Reply.Error error = (Reply.Error) reply;
        byte[] message = truncatedMessage(error.message());
        int length = ERROR_HEADER_LENGTH + message.length;
        if (out.remaining() < FrameFormat.LENGTH_FIELD_BYTES + length) {
            return false;
        }
        out.putInt(length).put(ReplyType.ERROR.code()).putLong(error.frameIndex()).putShort((short) error.code())
                .put(message);
        return true;
    }

    /** The reply as bytes ready to send. */
    public static byte[] encode(Reply reply) {
        ByteBuffer out = ByteBuffer.allocate(FrameFormat.LENGTH_FIELD_BYTES + ERROR_HEADER_LENGTH
                + FrameFormat.MAX_ERROR_MESSAGE_BYTES + ACK_LENGTH);
        encodeInto(reply, out);
        return Arrays.copyOf(out.array(), out.position());
    }

    /**
     * Reads one reply, blocking.
     *
     * @throws java.io.EOFException when the stream ends before a whole reply
     * @throws IOException          when the bytes are not a reply (the stream is then out of step)
     */
    public static Reply read(DataInput in) throws IOException {
        int length = in.readInt();
        if (length < 1 || length > ERROR_HEADER_LENGTH + FrameFormat.MAX_ERROR_MESSAGE_BYTES) {
            throw new IOException("Reply length " + length + " is out of range: not an ingress bridge reply stream");
        }
        byte typeCode = in.readByte();
        ReplyType type = ReplyType.ofCode(typeCode).orElseThrow(() -> new IOException(
                String.format("Unknown reply type 0x%02X (length %d)", typeCode & 0xFF, length)));
        switch (type) {
            case ACK:
                expectLength(type, length, ACK_LENGTH);
                return new Reply.Ack(in.readLong(), in.readLong(), in.readInt(), in.readLong());
            case OPENED:
                expectLength(type, length, OPENED_LENGTH);
                return new Reply.Opened(in.readLong());
            case ERROR:
                if (length < ERROR_HEADER_LENGTH) {
                    throw new IOException("ERROR reply of length " + length + " is shorter than its header");
                }
                long frameIndex = in.readLong();
                int code = in.readUnsignedShort();
                byte[] message = new byte[length - ERROR_HEADER_LENGTH];
                in.readFully(message);
                return new Reply.Error(frameIndex, code, new String(message, StandardCharsets.UTF_8));
            default:
                throw new IllegalStateException("Unhandled reply type " + type);
        }
    }

    private static void expectLength(ReplyType type, int actual, int expected) throws IOException {
        if (actual != expected) {
            throw new IOException(type + " reply has length " + actual + ", expected " + expected);
        }
    }

    /** The message in UTF-8, cut to {@link FrameFormat#MAX_ERROR_MESSAGE_BYTES} on a character boundary. */
    private static byte[] truncatedMessage(String message) {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= FrameFormat.MAX_ERROR_MESSAGE_BYTES) {
            return bytes;
        }
        int end = FrameFormat.MAX_ERROR_MESSAGE_BYTES;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) { // do not cut inside a multi-byte character
            end--;
        }
        return Arrays.copyOf(bytes, end);
    }
}
