package io.understudy.schemas.serde;

import io.understudy.records.EmissionRecord;
import io.understudy.records.NodeOutput;
import io.understudy.records.SyncState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * NodeOutput as releases before the {@code EmissionRecord} rename wrote it: its payload record was
 * named {@code io.understudy.records.Emission}, like the function API's {@code Emission}. The schema
 * is kept verbatim in {@code released/NodeOutput-before-EmissionRecord.avsc} (the avsc files of that
 * release, the nested types inlined), and records are encoded here with that schema alone, through
 * Avro's generic writer, as an old node's serializer did: what today's readers meet on the node
 * output and dead-letter topics, and under those subjects in a registry.
 */
final class ReleasedNodeOutput {

    /** The release's NodeOutput fingerprint (CRC-64-AVRO of its parsing canonical form), as its nodes announced it. */
    static final String FINGERPRINT = "5f0f352d6299e51c";

    static final Schema SCHEMA = load("/released/NodeOutput-before-EmissionRecord.avsc");

    private ReleasedNodeOutput() {
    }

    /**
     * An output with two payloads (one routed), encoded with the released schema as the Confluent
     * wire format under the given schema id.
     */
    static byte[] framed(int schemaId, String nodeId, long offset) {
        Schema emissionSchema = SCHEMA.getField("emissions").schema().getElementType();
        GenericRecord routed = new GenericData.Record(emissionSchema);
        routed.put("payload", bytes("out-0"));
        routed.put("destination", "eth1");
        GenericRecord unrouted = new GenericData.Record(emissionSchema);
        unrouted.put("payload", bytes("out-1"));
        unrouted.put("destination", null);
        GenericRecord output = new GenericData.Record(SCHEMA);
        output.put("nodeId", nodeId);
        output.put("ingressPartition", 2);
        output.put("ingressOffset", offset);
        output.put("ingressTimestamp", 1_700_000_000_000L);
        output.put("flowId", "flow-1");
        output.put("emissions", new GenericData.Array<>(SCHEMA.getField("emissions").schema(), List.of(routed, unrouted)));
        output.put("dropReason", null);
        output.put("syncState", new GenericData.EnumSymbol(SCHEMA.getField("syncState").schema(), "SYNCHRONIZED"));
        output.put("syncedFrom", 0L);
        output.put("stateDigest", -7_345_987_123L);
        ByteArrayOutputStream framed = new ByteArrayOutputStream();
        ConfluentWireFormat.writeHeader(framed, schemaId);
        try {
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(framed, null);
            new GenericDatumWriter<GenericRecord>(SCHEMA).write(output, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return framed.toByteArray();
    }

    /** What {@link #framed} wrote, as today's reader must see it. */
    static NodeOutput expected(String nodeId, long offset) {
        return NodeOutput.newBuilder()
                .setNodeId(nodeId)
                .setIngressPartition(2)
                .setIngressOffset(offset)
                .setIngressTimestamp(1_700_000_000_000L)
                .setFlowId("flow-1")
                .setEmissions(List.of(new EmissionRecord(bytes("out-0"), "eth1"), new EmissionRecord(bytes("out-1"), null)))
                .setDropReason(null)
                .setSyncState(SyncState.SYNCHRONIZED)
                .setSyncedFrom(0)
                .setStateDigest(-7_345_987_123L)
                .build();
    }

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Schema load(String resource) {
        try (InputStream in = ReleasedNodeOutput.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + resource);
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
