package io.understudy.bridge.tcp.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.understudy.bridge.FlowIdSyntax.InvalidFlowIdException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameEncoderTest {

    @Test
    void writesTheDocumentedLayout() {
        assertArrayEquals(new byte[] {0, 0, 0, 3, 0x01, 'f', '1'}, FrameEncoder.encodeToArray(new Frame.Open("f1")));
        assertArrayEquals(new byte[] {0, 0, 0, 3, 0x02, 'h', 'i'},
                FrameEncoder.encodeToArray(Frame.Data.of(new byte[] {'h', 'i'})));
        assertArrayEquals(new byte[] {0, 0, 0, 6, 0x03, 0, 1, 'f', 'h', 'i'},
                FrameEncoder.encodeToArray(Frame.DataWithFlow.of("f", new byte[] {'h', 'i'})));
    }

    @Test
    void whatItEncodesTheDecoderReadsBack() {
        List<Frame> frames = List.of(new Frame.Open("flow ✓ 1"), Frame.Data.of(new byte[] {0, 1, 2}),
                Frame.DataWithFlow.of("flow/😀", new byte[] {9}));
        List<DecodedFrame> decoded = new ArrayList<>();
        FrameDecoder decoder = new FrameDecoder(1024);
        for (Frame frame : frames) {
            decoder.decode(FrameEncoder.encode(frame), decoded::add);
        }

        for (int i = 0; i < frames.size(); i++) {
            assertEquals(new DecodedFrame.Valid(i, frames.get(i)), decoded.get(i));
        }
    }

    @Test
    void leavesThePayloadBufferAsItWas() {
        ByteBuffer payload = ByteBuffer.wrap(new byte[] {1, 2, 3, 4}).position(1);

        FrameEncoder.encode(new Frame.Data(payload));

        assertEquals(1, payload.position());
    }

    @Test
    void refusesAnInvalidFlowIdBeforeSending() {
        assertThrows(InvalidFlowIdException.class, () -> FrameEncoder.encode(new Frame.Open("bad\nflow")));
        assertThrows(InvalidFlowIdException.class,
                () -> FrameEncoder.encode(Frame.DataWithFlow.of("", new byte[] {1})));
    }
}
