package io.understudy.selector.internals.routing;

import io.understudy.records.EmissionRecord;
import io.understudy.records.NodeOutput;
import io.understudy.records.SyncState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Measures the heap one kept output costs the selector (issue 17, finding 4: {@code
 * max.kept.per.node} must fit the role's 512 MB heap). Not a test: run by hand, in a JVM of its own,
 * with {@code java -cp <test and main classes, dependencies> io.understudy.selector.internals.routing.KeptOutputFootprint
 * [outputs] [payload bytes]}. Outputs are decoded from Avro bytes as the shard worker decodes them
 * (a fresh object graph each, its payload in a buffer of its own) and held in {@link KeptOutputs}.
 */
public final class KeptOutputFootprint {

    private KeptOutputFootprint() {
    }

    public static void main(String[] args) throws IOException {
        int outputs = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int payloadBytes = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        SpecificDatumWriter<NodeOutput> writer = new SpecificDatumWriter<>(NodeOutput.class);
        SpecificDatumReader<NodeOutput> reader = new SpecificDatumReader<>(NodeOutput.class);
        KeptOutputs kept = new KeptOutputs();
        long before = usedAfterGc();
        BinaryDecoder decoder = null;
        for (int i = 0; i < outputs; i++) {
            byte[] payload = new byte[payloadBytes];
            payload[0] = (byte) i;
            NodeOutput output = NodeOutput.newBuilder().setNodeId("b").setIngressPartition(0).setIngressOffset(i)
                    .setIngressTimestamp(1_765_000_000_000L + i).setFlowId("flow-" + (i % 100))
                    .setEmissions(List.of(new EmissionRecord(ByteBuffer.wrap(payload), null))).setDropReason(null)
                    .setSyncState(SyncState.SYNCHRONIZED).setSyncedFrom(0).setStateDigest(i * 31L).build();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
            writer.write(output, encoder);
            encoder.flush();
            decoder = DecoderFactory.get().binaryDecoder(bytes.toByteArray(), decoder);
            kept.keep(reader.read(null, decoder), i);
        }
        long after = usedAfterGc();
        System.out.printf("kept=%d payload_bytes=%d heap_bytes=%d bytes_per_kept_output=%.1f%n", kept.count("b"),
                payloadBytes, after - before, (after - before) / (double) outputs);
    }

    private static long usedAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
