package io.understudy.bridge.tcp.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.bridge.RejectReason;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

    private static final int MAX_FRAME = 300;

    private final FrameDecoder decoder = new FrameDecoder(MAX_FRAME);
    private final List<DecodedFrame> decoded = new ArrayList<>();

    @Test
    void decodesOneFrameFedWhole() {
        feed(data("hello"));

        assertEquals(List.of(new DecodedFrame.Valid(0, Frame.Data.of(bytes("hello")))), decoded);
        assertTrue(decoder.isBetweenFrames());
    }

    @Test
    void decodesSeveralFramesInOneRead() {
        feed(concat(open("flow-a"), data("one"), dataWithFlow("flow-b", "two")));

        assertEquals(List.of(
                new DecodedFrame.Valid(0, new Frame.Open("flow-a")),
                new DecodedFrame.Valid(1, Frame.Data.of(bytes("one"))),
                new DecodedFrame.Valid(2, Frame.DataWithFlow.of("flow-b", bytes("two")))), decoded);
    }

    @Test
    void waitsForAFrameSplitInsideItsLengthAndInsideItsBody() {
        byte[] frame = data("split payload");

        feed(slice(frame, 0, 2));
        assertEquals(List.of(), decoded);
        assertFalse(decoder.isBetweenFrames());
        feed(slice(frame, 2, 7));
        assertEquals(List.of(), decoded);
        feed(slice(frame, 7, frame.length));

        assertEquals(List.of(new DecodedFrame.Valid(0, Frame.Data.of(bytes("split payload")))), decoded);
        assertTrue(decoder.isBetweenFrames());
    }

    @Test
    void oneReadMayEndOneFrameAndStartTheNext() {
        byte[] stream = concat(data("first"), data("second"));

        feed(slice(stream, 0, 8));
        assertEquals(0, decoded.size());
        feed(slice(stream, 8, 15)); // the end of "first" (10 bytes in all) and the start of "second"
        assertEquals(List.of(new DecodedFrame.Valid(0, Frame.Data.of(bytes("first")))), decoded);
        feed(slice(stream, 15, stream.length));

        assertEquals(new DecodedFrame.Valid(1, Frame.Data.of(bytes("second"))), decoded.get(1));
    }

    @Test
    void givesTheSameFramesWhateverTheReadSizes() {
        byte[] stream = mixedStream();
        List<DecodedFrame> whole = decodeAll(List.of(stream));

        List<byte[]> oneByteAtATime = new ArrayList<>();
        for (byte b : stream) {
            oneByteAtATime.add(new byte[] {b});
        }
        assertEquals(whole, decodeAll(oneByteAtATime));

        Random random = new Random(42);
        for (int run = 0; run < 50; run++) {
            List<byte[]> pieces = new ArrayList<>();
            for (int at = 0; at < stream.length; ) {
                int end = Math.min(stream.length, at + 1 + random.nextInt(20));
                pieces.add(slice(stream, at, end));
                at = end;
            }
            assertEquals(whole, decodeAll(pieces), "run " + run);
        }
        assertEquals(9, whole.size());
    }

    @Test
    void reportsAnOversizeFrameAsSoonAsItsLengthIsReadAndSkipsItsBytes() {
        byte[] oversize = data("x".repeat(1000));

        feed(slice(oversize, 0, 4));
        assertEquals(1, decoded.size(), "reported from the length alone, before the body arrives");
        DecodedFrame.Rejected rejected = assertInstanceOf(DecodedFrame.Rejected.class, decoded.get(0));
        assertEquals(0, rejected.index());
        assertEquals(RejectReason.PAYLOAD_TOO_LARGE, rejected.reason());
        assertTrue(rejected.message().contains("1001") && rejected.message().contains("tcp.max.frame.bytes=" + MAX_FRAME),
                rejected.message());

        for (int at = 4; at < oversize.length; at += 100) {
            feed(slice(oversize, at, Math.min(oversize.length, at + 100)));
        }
        feed(data("after"));

        assertEquals(2, decoded.size());
        assertEquals(new DecodedFrame.Valid(1, Frame.Data.of(bytes("after"))), decoded.get(1));
    }

    @Test
    void acceptsAFrameOfExactlyTheMaximumLength() {
        feed(data("y".repeat(MAX_FRAME - 1)));

        assertInstanceOf(DecodedFrame.Valid.class, decoded.get(0));
    }

    @Test
    void stopsForGoodOnANegativeLength() {
        feed(concat(data("ok"), ByteBuffer.allocate(4).putInt(-5).array(), data("never")));

        assertEquals(2, decoded.size());
        DecodedFrame.Rejected rejected = assertInstanceOf(DecodedFrame.Rejected.class, decoded.get(1));
        assertEquals(RejectReason.FRAME_LENGTH_OUT_OF_RANGE, rejected.reason());
        assertTrue(rejected.reason().closesConnection());
        assertTrue(decoder.isStopped());
        feed(data("ignored too"));
        assertEquals(2, decoded.size());
    }

    @Test
    void stopsForGoodOnALengthAboveSixteenMebibytes() {
        feed(ByteBuffer.allocate(4).putInt(FrameFormat.MAX_LENGTH + 1).array());

        assertEquals(RejectReason.FRAME_LENGTH_OUT_OF_RANGE, rejection(0).reason());
        assertTrue(decoder.isStopped());
    }

    @Test
    void refusesAnEmptyFrameAndGoesOn() {
        feed(concat(new byte[] {0, 0, 0, 0}, data("next")));

        assertEquals(RejectReason.MALFORMED_FRAME, rejection(0).reason());
        assertEquals(new DecodedFrame.Valid(1, Frame.Data.of(bytes("next"))), decoded.get(1));
    }

    @Test
    void refusesAnUnknownTypeAndGoesOn() {
        feed(concat(frame(0x7F, bytes("???")), data("next")));

        DecodedFrame.Rejected rejected = rejection(0);
        assertEquals(RejectReason.MALFORMED_FRAME, rejected.reason());
        assertTrue(rejected.message().contains("0x7F"), rejected.message());
        assertInstanceOf(DecodedFrame.Valid.class, decoded.get(1));
    }

    @Test
    void refusesAFlowIdLengthRunningPastTheFrame() {
        byte[] body = ByteBuffer.allocate(2 + 3).putShort((short) 40).put(bytes("abc")).array();
        feed(concat(frame(FrameType.DATA_WITH_FLOW.code(), body), data("next")));

        DecodedFrame.Rejected rejected = rejection(0);
        assertEquals(RejectReason.MALFORMED_FRAME, rejected.reason());
        assertTrue(rejected.message().contains("40 bytes"), rejected.message());
        assertInstanceOf(DecodedFrame.Valid.class, decoded.get(1));
    }

    @Test
    void refusesADataWithFlowFrameTooShortForItsFlowIdLength() {
        feed(frame(FrameType.DATA_WITH_FLOW.code(), new byte[] {0}));

        assertEquals(RejectReason.MALFORMED_FRAME, rejection(0).reason());
    }

    @Test
    void refusesBadFlowIds() {
        byte[] controlChar = ByteBuffer.allocate(2 + 4 + 1).putShort((short) 4).put(bytes("a\u0001bc")).put((byte) 1)
                .array();
        byte[] notUtf8 = {(byte) 0xC3, 0x28};
        byte[] emptyFlowId = ByteBuffer.allocate(2 + 1).putShort((short) 0).put((byte) 1).array();
        feed(concat(
                frame(FrameType.DATA_WITH_FLOW.code(), controlChar),
                frame(FrameType.OPEN.code(), notUtf8),
                frame(FrameType.OPEN.code(), new byte[0]),
                frame(FrameType.DATA_WITH_FLOW.code(), emptyFlowId),
                frame(FrameType.OPEN.code(), bytes("f".repeat(256))),
                open("f".repeat(255))));

        for (int i = 0; i < 5; i++) {
            assertEquals(RejectReason.INVALID_FLOW_ID, rejection(i).reason(), decoded.get(i).toString());
        }
        assertTrue(rejection(0).message().contains("U+0001"), rejection(0).message());
        assertTrue(rejection(1).message().contains("not valid UTF-8"), rejection(1).message());
        assertEquals(new DecodedFrame.Valid(5, new Frame.Open("f".repeat(255))), decoded.get(5));
    }

    @Test
    void refusesEmptyPayloads() {
        byte[] flowOnly = ByteBuffer.allocate(2 + 1).putShort((short) 1).put(bytes("f")).array();
        feed(concat(frame(FrameType.DATA.code(), new byte[0]), frame(FrameType.DATA_WITH_FLOW.code(), flowOnly)));

        assertEquals(RejectReason.EMPTY_PAYLOAD, rejection(0).reason());
        assertEquals(RejectReason.EMPTY_PAYLOAD, rejection(1).reason());
    }

    @Test
    void decodesNumberedFramesWithTheirSequence() {
        feed(concat(FrameEncoder.encodeToArray(Frame.Data.numbered(0, bytes("a"))),
                FrameEncoder.encodeToArray(Frame.DataWithFlow.numbered("flow-b", Long.MAX_VALUE, bytes("bb"))),
                data("unnumbered")));

        assertEquals(List.of(
                new DecodedFrame.Valid(0, Frame.Data.numbered(0, bytes("a"))),
                new DecodedFrame.Valid(1, Frame.DataWithFlow.numbered("flow-b", Long.MAX_VALUE, bytes("bb"))),
                new DecodedFrame.Valid(2, Frame.Data.of(bytes("unnumbered")))), decoded);
        assertEquals(-1, ((Frame.Data) ((DecodedFrame.Valid) decoded.get(2)).frame()).sequence());
    }

    @Test
    void refusesANegativeSequenceInOneLineAndGoesOn() {
        byte[] negative = ByteBuffer.allocate(8 + 1).putLong(-3).put((byte) 'x').array();
        byte[] negativeWithFlow = ByteBuffer.allocate(8 + 2 + 1 + 1).putLong(Long.MIN_VALUE).putShort((short) 1)
                .put(bytes("f")).put((byte) 'y').array();
        feed(concat(frame(FrameType.NUMBERED_DATA.code(), negative),
                frame(FrameType.NUMBERED_DATA_WITH_FLOW.code(), negativeWithFlow),
                FrameEncoder.encodeToArray(Frame.Data.numbered(7, bytes("next")))));

        assertEquals(RejectReason.INVALID_SEQUENCE, rejection(0).reason());
        assertEquals("Frame 0 (NUMBERED_DATA) has sequence -3: a numbered packet's sequence is 0 or more",
                rejection(0).message());
        assertEquals(RejectReason.INVALID_SEQUENCE, rejection(1).reason());
        assertFalse(rejection(1).message().contains("\n"));
        assertEquals(new DecodedFrame.Valid(2, Frame.Data.numbered(7, bytes("next"))), decoded.get(2),
                "the valid frame after the bad ones is not lost");
    }

    @Test
    void refusesNumberedFramesTooShortForTheirSequenceOrWithoutPayload() {
        byte[] noPayload = ByteBuffer.allocate(8).putLong(5).array();
        byte[] flowNoPayload = ByteBuffer.allocate(8 + 2 + 1).putLong(5).putShort((short) 1).put(bytes("f")).array();
        feed(concat(frame(FrameType.NUMBERED_DATA.code(), new byte[] {0, 0, 1}),
                frame(FrameType.NUMBERED_DATA_WITH_FLOW.code(), new byte[] {0, 0, 0, 0, 0, 0, 0, 1, 0}),
                frame(FrameType.NUMBERED_DATA.code(), noPayload),
                frame(FrameType.NUMBERED_DATA_WITH_FLOW.code(), flowNoPayload)));

        assertEquals(RejectReason.MALFORMED_FRAME, rejection(0).reason());
        assertTrue(rejection(0).message().contains("8-byte sequence"), rejection(0).message());
        assertEquals(RejectReason.MALFORMED_FRAME, rejection(1).reason());
        assertEquals(RejectReason.EMPTY_PAYLOAD, rejection(2).reason());
        assertEquals(RejectReason.EMPTY_PAYLOAD, rejection(3).reason());
    }

    @Test
    void numbersEveryFrameGoodOrBad() {
        feed(mixedStream());

        for (int i = 0; i < decoded.size(); i++) {
            assertEquals(i, decoded.get(i).index());
        }
        assertEquals(decoded.size(), decoder.framesStarted());
    }

    // ---------------------------------------------------------------- helpers

    /** Nine frames: valid ones of each type, an oversize one, a malformed one, an empty one. */
    private static byte[] mixedStream() {
        return concat(open("flow-1"), data("a"), dataWithFlow("flow-2", "bb"), data("z".repeat(400)),
                frame(0x55, bytes("x")), data("ccc"), new byte[] {0, 0, 0, 0}, dataWithFlow("flow-\u00e9", "d"),
                data("e".repeat(MAX_FRAME - 1)));
    }

    private List<DecodedFrame> decodeAll(List<byte[]> reads) {
        FrameDecoder fresh = new FrameDecoder(MAX_FRAME);
        List<DecodedFrame> out = new ArrayList<>();
        for (byte[] read : reads) {
            fresh.decode(ByteBuffer.wrap(read), out::add);
        }
        return out;
    }

    private void feed(byte[] read) {
        ByteBuffer buffer = ByteBuffer.wrap(read);
        decoder.decode(buffer, decoded::add);
        assertFalse(buffer.hasRemaining(), "the decoder consumes every byte it is given");
    }

    private DecodedFrame.Rejected rejection(int i) {
        return assertInstanceOf(DecodedFrame.Rejected.class, decoded.get(i));
    }

    static byte[] open(String flowId) {
        return FrameEncoder.encodeToArray(new Frame.Open(flowId));
    }

    static byte[] data(String payload) {
        return FrameEncoder.encodeToArray(Frame.Data.of(bytes(payload)));
    }

    static byte[] dataWithFlow(String flowId, String payload) {
        return FrameEncoder.encodeToArray(Frame.DataWithFlow.of(flowId, bytes(payload)));
    }

    /** A frame with any type byte and body, valid or not. */
    static byte[] frame(int type, byte[] body) {
        return ByteBuffer.allocate(4 + 1 + body.length).putInt(1 + body.length).put((byte) type).put(body).array();
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] slice(byte[] bytes, int from, int to) {
        byte[] out = new byte[to - from];
        System.arraycopy(bytes, from, out, 0, out.length);
        return out;
    }
}
