package io.understudy.schemas.serde;

import io.understudy.schemas.registry.SchemaRegistry;
import io.understudy.schemas.topics.TopicContract;
import io.understudy.schemas.topics.TopicNames;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serializes and deserializes records of any Understudy topic with the {@link AvroSerde} of the
 * topic's value type, found from its {@link TopicContract}: one producer or consumer for all topics.
 */
final class SerdesByContract {

    private final TopicNames names;
    private final SchemaRegistry registry;
    private final Map<Class<?>, AvroSerde<?>> serdes = new ConcurrentHashMap<>();

    SerdesByContract(TopicNames names, SchemaRegistry registry) {
        this.names = names;
        this.registry = registry;
    }

    Serializer<SpecificRecord> serializer() {
        return (topic, record) -> serialize(serde(topic), topic, record);
    }

    Deserializer<SpecificRecord> deserializer() {
        return (topic, data) -> serde(topic).deserializer().deserialize(topic, data);
    }

    private AvroSerde<?> serde(String topic) {
        Class<? extends SpecificRecord> type = TopicContract.of(names, topic)
                .orElseThrow(() -> new IllegalArgumentException(topic + " is not an Understudy topic under " + names))
                .valueType();
        return serdes.computeIfAbsent(type, t -> AvroSerde.forValues(type, registry));
    }

    private static <T extends SpecificRecord> byte[] serialize(AvroSerde<T> serde, String topic, SpecificRecord record) {
        return serde.serializer().serialize(topic, serde.type().cast(record));
    }
}
