package io.understudy.schemas.serde;

import io.understudy.schemas.registry.SchemaRegistry;
import io.understudy.schemas.registry.SchemaRegistryException;
import java.io.EOFException;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads records of one Avro type from the Confluent wire format. The writer schema named by the
 * record's schema id is fetched from the registry once per id and resolved against this
 * reader's schema (Avro schema evolution: fields added with defaults, removed fields, ...).
 * Thread-safe.
 *
 * <p>Every failure is a {@link RecordDecodingException} naming the topic and what is wrong.
 *
 * @param <T> the generated Avro record class
 */
public final class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final Class<T> type;
    private final Schema readerSchema;
    private final SpecificData model;
    private final SchemaRegistry registry;
    private final boolean isKey;
    // one resolving reader per writer schema id; readers are thread-safe
    private final ConcurrentMap<Integer, SpecificDatumReader<T>> readersBySchemaId = new ConcurrentHashMap<>();

    AvroDeserializer(Class<T> type, SchemaRegistry registry, boolean isKey) {
        this.type = type;
        this.model = SpecificData.getForClass(type);
        this.readerSchema = model.getSchema(type);
        this.registry = registry;
        this.isKey = isKey;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null; // a tombstone stays a tombstone
        }
        Optional<String> framingProblem = ConfluentWireFormat.framingProblem(data);
        if (framingProblem.isPresent()) {
            throw failure(topic, framingProblem.get(), null);
        }
        int schemaId = ConfluentWireFormat.schemaId(data);
        SpecificDatumReader<T> reader = readerFor(topic, schemaId);
        int bodyLength = data.length - ConfluentWireFormat.HEADER_LENGTH;
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, ConfluentWireFormat.HEADER_LENGTH, bodyLength, null);
        T record;
        try {
            record = reader.read(null, new BoundedDecoder(decoder, bodyLength));
        } catch (EOFException e) {
            throw failure(topic, "truncated Avro body: its " + bodyLength + " bytes after the header end before a whole "
                    + reader.getSchema().getFullName() + " (writer schema id " + schemaId + ")", e);
        } catch (IOException | RuntimeException e) {
            throw failure(topic, "malformed Avro body (" + bodyLength + " bytes after the header) for writer schema id "
                    + schemaId + " (" + reader.getSchema().getFullName() + "): " + e, e);
        }
        int trailing = trailingBytes(decoder);
        if (trailing > 0) {
            throw failure(topic, trailing + " trailing byte" + (trailing == 1 ? "" : "s") + " after a whole "
                    + reader.getSchema().getFullName() + " (writer schema id " + schemaId
                    + "): the body does not match the writer schema", null);
        }
        return record;
    }

    /**
     * Fetches (and caches) the reader for records written with this class's own schema under the
     * topic's subject, so that the first such record read costs no registry request.
     *
     * @return false when the subject has no such schema yet (nothing was written with it)
     * @throws RecordDecodingException when the registry cannot be asked
     */
    public boolean prepare(String topic) {
        int schemaId;
        try {
            schemaId = registry.idOf(TopicNameStrategy.subject(topic, isKey), readerSchema);
        } catch (SchemaRegistryException e) {
            if (e.notFound()) {
                return false;
            }
            throw failure(topic, "cannot find the schema of " + readerSchema.getFullName() + ": " + e.getMessage(), e);
        }
        readerFor(topic, schemaId);
        return true;
    }

    /** The record class this deserializer reads. */
    public Class<T> type() {
        return type;
    }

    private SpecificDatumReader<T> readerFor(String topic, int schemaId) {
        SpecificDatumReader<T> cached = readersBySchemaId.get(schemaId);
        if (cached != null) {
            return cached;
        }
        Schema writerSchema;
        try {
            writerSchema = registry.schemaById(schemaId);
        } catch (SchemaRegistryException e) {
            if (e.unreachable()) {
                throw failure(topic, "cannot fetch writer schema id " + schemaId + ": " + e.getMessage(), e);
            }
            if (e.notFound()) {
                throw failure(topic, "unknown schema id " + schemaId + ": the schema registry at " + registry.location()
                        + " has no schema with that id (was the record written against another registry?)", e);
            }
            throw failure(topic, "cannot fetch writer schema id " + schemaId + " from the schema registry at "
                    + registry.location() + ": " + e.getMessage(), e);
        }
        SchemaPairCompatibility compatibility = SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writerSchema);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            String details = compatibility.getResult().getIncompatibilities().stream()
                    .map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")")
                    .collect(Collectors.joining(", "));
            throw failure(topic, "writer schema id " + schemaId + " (" + writerSchema.getFullName()
                    + ") cannot be read as " + readerSchema.getFullName() + ": " + details, null);
        }
        SpecificDatumReader<T> reader = new SpecificDatumReader<>(writerSchema, readerSchema, model);
        SpecificDatumReader<T> raced = readersBySchemaId.putIfAbsent(schemaId, reader);
        return raced != null ? raced : reader;
    }

    private static int trailingBytes(BinaryDecoder decoder) {
        try {
            return decoder.isEnd() ? 0 : decoder.inputStream().available();
        } catch (IOException e) {
            return 0;
        }
    }

    private RecordDecodingException failure(String topic, String reason, Throwable cause) {
        return new RecordDecodingException(topic, isKey, reason, cause);
    }
}
