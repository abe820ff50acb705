package io.understudy.bridge.tcp.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.bridge.RejectReason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Fuzzing the TCP frame decoder with arbitrary bytes cut into arbitrary reads: it never throws,
 * numbers frames 0, 1, 2, ... whatever the reads, decides the same whatever the cuts, never
 * buffers more than one frame of at most {@code maxFrameBytes}, and decodes what the encoder wrote.
 */
class FrameDecoderProperties {

    private static final int MAX_FRAME = 512;

    @Property(tries = 500)
    void arbitraryBytesInArbitraryReadsNeverThrowAndDecideAlike(@ForAll @Size(max = 4_000) byte[] stream,
                                                               @ForAll("cuts") List<Integer> cuts) {
        List<String> whole = decode(stream, List.of(stream.length));
        List<String> cut = decode(stream, cuts);
        assertEquals(whole, cut, "the same bytes in other reads must decode alike");
    }

    @Property(tries = 500)
    void framesAreNumberedInOrderAndStopOnlyOnAnUntrustworthyLength(@ForAll @Size(max = 4_000) byte[] stream) {
        FrameDecoder decoder = new FrameDecoder(MAX_FRAME);
        List<DecodedFrame> frames = new ArrayList<>();
        decoder.decode(ByteBuffer.wrap(stream), frames::add);
        for (int i = 0; i < frames.size(); i++) {
            assertEquals(i, frames.get(i).index());
            if (frames.get(i) instanceof DecodedFrame.Valid valid) {
                assertTrue(payloadBytes(valid.frame()) < MAX_FRAME, "a valid frame fits the limit");
            }
        }
        boolean stoppedByLength = frames.stream().anyMatch(f -> f instanceof DecodedFrame.Rejected r
                && r.reason() == RejectReason.FRAME_LENGTH_OUT_OF_RANGE);
        assertEquals(stoppedByLength, decoder.isStopped());
        if (stoppedByLength) {
            DecodedFrame last = frames.get(frames.size() - 1);
            assertTrue(last instanceof DecodedFrame.Rejected r && r.reason() == RejectReason.FRAME_LENGTH_OUT_OF_RANGE,
                    "nothing is decoded after the stream is out of step");
        }
    }

    @Property(tries = 200)
    void aHugeDeclaredLengthIsRefusedBeforeItsBytesArriveSoNothingLargeIsBuffered(
            @ForAll @IntRange(min = MAX_FRAME + 1, max = FrameFormat.MAX_LENGTH) int declared) {
        FrameDecoder decoder = new FrameDecoder(MAX_FRAME);
        List<DecodedFrame> frames = new ArrayList<>();
        decoder.decode(ByteBuffer.allocate(4).putInt(declared).flip(), frames::add);
        assertEquals(1, frames.size(), "refused on its length alone, before any body byte");
        assertEquals(RejectReason.PAYLOAD_TOO_LARGE, ((DecodedFrame.Rejected) frames.get(0)).reason());
        // its body is skipped as it arrives, in small reads, and the next frame decodes
        byte[] chunk = new byte[1024];
        long left = declared;
        while (left > 0) {
            int n = (int) Math.min(chunk.length, left);
            decoder.decode(ByteBuffer.wrap(chunk, 0, n), frames::add);
            left -= n;
        }
        decoder.decode(FrameEncoder.encode(Frame.DataWithFlow.of("f", new byte[] {1})), frames::add);
        assertEquals(2, frames.size());
        assertTrue(frames.get(1) instanceof DecodedFrame.Valid);
    }

    @Property(tries = 300)
    void whatTheEncoderWritesDecodesToTheSameFramesWhateverTheReads(@ForAll("frames") List<Frame> sent,
                                                                  @ForAll("cuts") List<Integer> cuts) {
        ByteBuffer all = ByteBuffer.allocate(sent.stream().mapToInt(f -> FrameEncoder.encodeToArray(f).length).sum());
        sent.forEach(f -> all.put(FrameEncoder.encodeToArray(f)));
        byte[] stream = all.array();
        List<Frame> received = new ArrayList<>();
        FrameDecoder decoder = new FrameDecoder(FrameFormat.MAX_LENGTH);
        feed(decoder, stream, cuts, decoded -> received.add(((DecodedFrame.Valid) decoded).frame()));
        assertEquals(sent.size(), received.size());
        for (int i = 0; i < sent.size(); i++) {
            assertEquals(describe(sent.get(i)), describe(received.get(i)));
        }
        assertTrue(decoder.isBetweenFrames());
    }

    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(1, 300).list().ofMinSize(1).ofMaxSize(40);
    }

    @Provide
    Arbitrary<List<Frame>> frames() {
        Arbitrary<String> flows = Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(1).ofMaxLength(20);
        Arbitrary<byte[]> payloads = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(300);
        Arbitrary<Frame> open = flows.map(Frame.Open::new);
        Arbitrary<Frame> data = payloads.map(Frame.Data::of);
        Arbitrary<Frame> withFlow = Combinators.combine(flows, payloads).as(Frame.DataWithFlow::of);
        Arbitrary<Long> sequences = Arbitraries.longs().between(0, Long.MAX_VALUE);
        Arbitrary<Frame> numbered = Combinators.combine(sequences, payloads).as(Frame.Data::numbered);
        Arbitrary<Frame> numberedWithFlow = Combinators.combine(flows, sequences, payloads).as(Frame.DataWithFlow::numbered);
        return Arbitraries.oneOf(open, data, withFlow, numbered, numberedWithFlow).list().ofMaxSize(30);
    }

    private static List<String> decode(byte[] stream, List<Integer> cuts) {
        List<String> out = new ArrayList<>();
        feed(new FrameDecoder(MAX_FRAME), stream, cuts, frame -> out.add(describe(frame)));
        return out;
    }

    /** Feeds the stream in reads of the given sizes (cycling), as a socket would deliver it. */
    private static void feed(FrameDecoder decoder, byte[] stream, List<Integer> cuts,
                             java.util.function.Consumer<DecodedFrame> sink) {
        int at = 0;
        int i = 0;
        while (at < stream.length) {
            int n = Math.min(cuts.get(i++ % cuts.size()), stream.length - at);
            decoder.decode(ByteBuffer.wrap(stream, at, n), sink);
            at += n;
        }
    }

    private static String describe(DecodedFrame decoded) {
        if (decoded instanceof DecodedFrame.Rejected rejected) {
            return rejected.index() + " rejected " + rejected.reason() + ": " + rejected.message();
        }
        return decoded.index() + " " + describe(((DecodedFrame.Valid) decoded).frame());
    }

    private static String describe(Frame frame) {
        if (frame instanceof Frame.Open open) {
            return "open " + open.flowId();
        }
        if (frame instanceof Frame.Data data) {
            return "data #" + data.sequence() + " " + Arrays.toString(bytes(data.payload()));
        }
        Frame.DataWithFlow withFlow = (Frame.DataWithFlow) frame;
        return "data #" + withFlow.sequence() + " " + withFlow.flowId() + " " + Arrays.toString(bytes(withFlow.payload()));
    }

    private static int payloadBytes(Frame frame) {
        if (frame instanceof Frame.Open open) {
            return open.flowId().getBytes(StandardCharsets.UTF_8).length;
        }
        return frame instanceof Frame.Data data ? data.payload().remaining()
                : ((Frame.DataWithFlow) frame).payload().remaining();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }
}
