package io.understudy.schemas.serde;

import io.understudy.schemas.registry.SchemaRegistry;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * The Kafka serde of one generated Avro record type, in the Confluent wire format, against a
 * {@link SchemaRegistry}. Its serializer and deserializer are built once and shared (they cache
 * schema ids), so hand the same serde to every producer, consumer or topology that needs it.
 *
 * <pre>{@code
 * Serde<TrafficPacket> packets = AvroSerde.forValues(TrafficPacket.class, registry);
 * }</pre>
 *
 * @param <T> the generated Avro record class
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final Class<T> type;
    private final SchemaRegistry registry;
    private final boolean isKey;
    private final boolean autoRegister;
    private final AvroSerializer<T> serializer;
    private final AvroDeserializer<T> deserializer;

    private AvroSerde(Class<T> type, SchemaRegistry registry, boolean isKey, boolean autoRegister) {
        this.type = Objects.requireNonNull(type, "type");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.isKey = isKey;
        this.autoRegister = autoRegister;
        this.serializer = new AvroSerializer<>(type, registry, isKey, autoRegister);
        this.deserializer = new AvroDeserializer<>(type, registry, isKey);
    }

    /**
     * The serde of record values, subjects {@code <topic>-value}. Its serializer registers the
     * schema on first use per topic.
     */
    public static <T extends SpecificRecord> AvroSerde<T> forValues(Class<T> type, SchemaRegistry registry) {
        return new AvroSerde<>(type, registry, false, true);
    }

    /** The serde of record keys, subjects {@code <topic>-key}. (Understudy's own keys are plain strings.) */
    public static <T extends SpecificRecord> AvroSerde<T> forKeys(Class<T> type, SchemaRegistry registry) {
        return new AvroSerde<>(type, registry, true, true);
    }

    /**
     * The same serde, registering schemas on first use ({@code true}, the default) or only looking
     * up their ids ({@code false}: for deployments where schemas are registered ahead, e.g. by
     * {@link SchemaCatalog#registerAll}, and clients may not change them).
     */
    public AvroSerde<T> withAutoRegister(boolean autoRegister) {
        return new AvroSerde<>(type, registry, isKey, autoRegister);
    }

    @Override
    public AvroSerializer<T> serializer() {
        return serializer;
    }

    @Override
    public AvroDeserializer<T> deserializer() {
        return deserializer;
    }

    /** The record class. */
    public Class<T> type() {
        return type;
    }

    /** True when the serializer registers schemas, false when it only looks them up. */
    public boolean autoRegister() {
        return autoRegister;
    }
}
