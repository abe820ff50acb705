package io.understudy.bench.harness;

import io.understudy.bench.baseline.BaselineConfig;
import io.understudy.records.EgressRecord;
import io.understudy.records.TrafficPacket;
import io.understudy.schemas.registry.SchemaRegistry;
import io.understudy.schemas.serde.AvroDeserializer;
import io.understudy.schemas.serde.AvroSerde;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Reads a system's egress record: the payload the load generator stamped, and who produced it. */
@FunctionalInterface
public interface EgressDecoder {

    /** @param payload the stamped payload; @param producer the instance or node that produced it */
    record Decoded(byte[] payload, String producer) {
    }

    Decoded decode(ConsumerRecord<byte[], byte[]> record);

    /** Understudy's egress topic: EgressRecord values naming their node. */
    static EgressDecoder egressRecords(SchemaRegistry registry) {
        AvroDeserializer<EgressRecord> values = AvroSerde.forValues(EgressRecord.class, registry).deserializer();
        return record -> {
            EgressRecord egress = values.deserialize(record.topic(), record.headers(), record.value());
            return new Decoded(bytes(egress.getPayload()), egress.getNode());
        };
    }

    /** The baseline's output topic: TrafficPacket values, the instance in a header. */
    static EgressDecoder trafficPackets(SchemaRegistry registry) {
        AvroDeserializer<TrafficPacket> values = AvroSerde.forValues(TrafficPacket.class, registry).deserializer();
        return record -> {
            TrafficPacket packet = values.deserialize(record.topic(), record.headers(), record.value());
            Header instance = record.headers().lastHeader(BaselineConfig.INSTANCE_HEADER);
            return new Decoded(bytes(packet.getPayload()),
                    instance == null ? "?" : new String(instance.value(), StandardCharsets.UTF_8));
        };
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }
}
