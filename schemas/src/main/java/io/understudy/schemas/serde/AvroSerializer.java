package io.understudy.schemas.serde;

import io.understudy.schemas.registry.SchemaRegistry;
import io.understudy.schemas.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes records of one Avro type in the Confluent wire format. The schema id is fetched from
 * the registry once per topic (registering the schema under {@code <topic>-value} when
 * auto-registration is on) and cached, so records cost no registry request. Thread-safe: a
 * producer may call it from several threads.
 *
 * @param <T> the generated Avro record class
 */
public final class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    private final Class<T> type;
    private final Schema schema;
    private final SchemaRegistry registry;
    private final boolean isKey;
    private final boolean autoRegister;
    // thread-safe once built, and costly to build: one for all records
    private final SpecificDatumWriter<T> writer;
    private final ConcurrentMap<String, Integer> schemaIdsByTopic = new ConcurrentHashMap<>();

    AvroSerializer(Class<T> type, SchemaRegistry registry, boolean isKey, boolean autoRegister) {
        this.type = type;
        this.schema = SpecificData.get().getSchema(type);
        this.registry = registry;
        this.isKey = isKey;
        this.autoRegister = autoRegister;
        this.writer = new SpecificDatumWriter<>(schema, SpecificData.getForClass(type));
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null; // a tombstone stays a tombstone
        }
        int schemaId = schemaIdFor(topic);
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        ConfluentWireFormat.writeHeader(out, schemaId);
        // encoders are not thread-safe and hold a few bytes: a fresh one per record
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            writer.write(record, encoder);
            encoder.flush();
        } catch (IOException | AvroRuntimeException | NullPointerException | ClassCastException e) {
            throw new RecordEncodingException(topic, "Cannot encode a " + schema.getFullName() + " for topic "
                    + topic + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /**
     * Resolves (and caches) the schema id for a topic now, so that the first record written to it
     * costs no registry request: a standby selector does this before it may have to take over.
     *
     * @return the registry id of the record schema under the topic's subject
     * @throws RecordEncodingException when the registry cannot give it
     */
    public int prepare(String topic) {
        return schemaIdFor(topic);
    }

    /** The registry id of the record schema under the topic's subject; one registry call per topic. */
    private int schemaIdFor(String topic) {
        Integer cached = schemaIdsByTopic.get(topic);
        if (cached != null) {
            return cached;
        }
        String subject = TopicNameStrategy.subject(topic, isKey);
        int id;
        try {
            id = autoRegister ? registry.register(subject, schema) : registry.idOf(subject, schema);
        } catch (SchemaRegistryException e) {
            String action = autoRegister ? "register" : "find (auto-registration is off)";
            throw new RecordEncodingException(topic, "Cannot " + action + " the schema of " + schema.getFullName()
                    + " under subject " + subject + " for topic " + topic + ": " + e.getMessage(), e);
        }
        schemaIdsByTopic.putIfAbsent(topic, id);
        return id;
    }

    /** The record class this serializer writes. */
    public Class<T> type() {
        return type;
    }
}
