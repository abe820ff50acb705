package io.understudy.bridge.tcp.frame;

import io.understudy.bridge.FlowIdSyntax;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Encodes frames for a client to send. Checks flow ids against {@link FlowIdSyntax} so that a
 * client learns of a bad one before sending it; payload size is the bridge's to judge
 * ({@code tcp.max.frame.bytes}), and an empty payload is encoded as asked (the bridge refuses it).
 * To send deliberately malformed bytes, write them by hand.
 */
public final class FrameEncoder {

    private FrameEncoder() {
    }

    /** The frame as bytes ready to send: a new buffer, positioned at 0. */
    public static ByteBuffer encode(Frame frame) {
        // Java 17: no pattern matching for switch yet
        if (frame instanceof Frame.Open open) {
            byte[] flowId = flowIdBytes(open.flowId());
            ByteBuffer out = header(1 + flowId.length, FrameType.OPEN);
            return out.put(flowId).flip();
        }
        if (frame instanceof Frame.Data data) {
            ByteBuffer payload = data.payload().duplicate();
            int sequenceBytes = data.sequence() == Frame.UNNUMBERED ? 0 : FrameFormat.SEQUENCE_BYTES;
            ByteBuffer out = header(1 + sequenceBytes + payload.remaining(), data.type());
            if (sequenceBytes > 0) {
                out.putLong(data.sequence());
            }
            return out.put(payload).flip();
        }
        Frame.DataWithFlow data = (Frame.DataWithFlow) frame;
        byte[] flowId = flowIdBytes(data.flowId());
        ByteBuffer payload = data.payload().duplicate();
        int sequenceBytes = data.sequence() == Frame.UNNUMBERED ? 0 : FrameFormat.SEQUENCE_BYTES;
        ByteBuffer out = header(1 + sequenceBytes + FrameFormat.FLOW_ID_LENGTH_BYTES + flowId.length
                + payload.remaining(), data.type());
        if (sequenceBytes > 0) {
            out.putLong(data.sequence());
        }
        return out.putShort((short) flowId.length).put(flowId).put(payload).flip();
    }

    /** The frame as a byte array ready to send. */
    public static byte[] encodeToArray(Frame frame) {
        ByteBuffer encoded = encode(frame);
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        return bytes;
    }

    private static ByteBuffer header(int length, FrameType type) {
        return ByteBuffer.allocate(FrameFormat.LENGTH_FIELD_BYTES + length).putInt(length).put(type.code());
    }

    private static byte[] flowIdBytes(String flowId) {
        return FlowIdSyntax.require(flowId).getBytes(StandardCharsets.UTF_8);
    }
}
