package io.understudy.bridge.tcp.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.bridge.RejectReason;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReplyCodecTest {

    @Test
    void readsBackEveryKindOfReply() throws IOException {
        Reply ack = new Reply.Ack(7, 41, 2, 123_456_789_012L);
        Reply opened = new Reply.Opened(0);
        Reply error = Reply.Error.of(3, RejectReason.INVALID_FLOW_ID, "Flow id 'a\\u0001' is bad: é");

        DataInputStream in = stream(FrameDecoderTest.concat(ReplyCodec.encode(ack), ReplyCodec.encode(opened),
                ReplyCodec.encode(error)));

        assertEquals(ack, ReplyCodec.read(in));
        assertEquals(opened, ReplyCodec.read(in));
        Reply.Error read = (Reply.Error) ReplyCodec.read(in);
        assertEquals(error, read);
        assertEquals(Optional.of(RejectReason.INVALID_FLOW_ID), read.reason());
        assertThrows(EOFException.class, () -> ReplyCodec.read(in));
    }

    @Test
    void ackIsThirtyThreeBytesOnTheWire() {
        byte[] bytes = ReplyCodec.encode(new Reply.Ack(1, 2, 3, 4));

        assertEquals(33, bytes.length);
        assertEquals(29, ByteBuffer.wrap(bytes).getInt());
        assertEquals((byte) 0x81, bytes[4]);
    }

    @Test
    void cutsLongErrorMessagesOnACharacterBoundary() throws IOException {
        String message = "é".repeat(600); // 1200 bytes of UTF-8

        Reply.Error read = (Reply.Error) ReplyCodec.read(stream(ReplyCodec.encode(
                Reply.Error.of(0, RejectReason.MALFORMED_FRAME, message))));

        assertEquals("é".repeat(512), read.message());
        assertEquals(FrameFormat.MAX_ERROR_MESSAGE_BYTES, read.message().getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void doesNotWriteAReplyThatDoesNotFit() {
        ByteBuffer small = ByteBuffer.allocate(20);

        assertFalse(ReplyCodec.encodeInto(new Reply.Ack(1, 2, 3, 4), small));
        assertEquals(0, small.position());
        assertTrue(ReplyCodec.encodeInto(new Reply.Opened(1), small));
        assertEquals(13, small.position());
    }

    @Test
    void refusesBytesThatAreNotAReply() {
        IOException unknownType = assertThrows(IOException.class,
                () -> ReplyCodec.read(stream(FrameDecoderTest.frame(0x10, new byte[8]))));
        assertTrue(unknownType.getMessage().contains("0x10"), unknownType.getMessage());
        IOException absurdLength = assertThrows(IOException.class,
                () -> ReplyCodec.read(stream(ByteBuffer.allocate(4).putInt(1 << 30).array())));
        assertTrue(absurdLength.getMessage().contains("out of range"), absurdLength.getMessage());
    }

    @Test
    void errorCodesOfUnknownReasonsStayReadable() {
        Reply.Error fromANewerBridge = new Reply.Error(1, 999, "something new");

        assertEquals(Optional.empty(), fromANewerBridge.reason());
    }

    private static DataInputStream stream(byte[] bytes) {
        return new DataInputStream(new ByteArrayInputStream(bytes));
    }
}
