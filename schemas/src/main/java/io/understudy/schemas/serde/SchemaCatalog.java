package io.understudy.schemas.serde;

import io.understudy.schemas.registry.SchemaRegistry;
import io.understudy.schemas.topics.TopicContract;
import io.understudy.schemas.topics.TopicNames;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Every record type Understudy writes, each with the topic that carries it (from
 * {@link TopicContract}): what to register in a schema registry before a deployment starts,
 * and what a node's schema fingerprints are made of.
 */
public final class SchemaCatalog {

    /**
     * One record type and its topic.
     *
     * @param topic  the topic whose values are of this type
     * @param type   the generated class
     * @param schema the class's schema
     */
    public record Entry(TopicContract topic, Class<? extends SpecificRecord> type, Schema schema) {

        /** The record's full name, e.g. {@code io.understudy.records.TrafficPacket}. */
        public String recordName() {
            return schema.getFullName();
        }

        /** The schema's CRC-64-AVRO fingerprint, as 16 hex digits. */
        public String fingerprint() {
            return SchemaCatalog.fingerprint(schema);
        }
    }

    private static final List<Entry> ENTRIES = Arrays.stream(TopicContract.values())
            .map(topic -> new Entry(topic, topic.valueType(), SpecificData.get().getSchema(topic.valueType())))
            .toList();

    private SchemaCatalog() {
    }

    /** Every record type with its topic, in {@link TopicContract} order. */
    public static List<Entry> entries() {
        return ENTRIES;
    }

    /**
     * Registers every value schema under its subject ({@code <topic>-value}), the node output
     * schema once per node.
     *
     * @return subject to schema id, in registration order
     * @throws io.understudy.schemas.registry.SchemaRegistryException when the registry refuses one
     *                                                               (e.g. incompatible with what is there)
     */
    public static Map<String, Integer> registerAll(SchemaRegistry registry, TopicNames names, Collection<String> nodeIds) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (Entry entry : ENTRIES) {
            for (String topic : entry.topic().names(names, nodeIds)) {
                String subject = TopicNameStrategy.valueSubject(topic);
                ids.put(subject, registry.register(subject, entry.schema()));
            }
        }
        return Collections.unmodifiableMap(ids);
    }

    /**
     * Record full name to the hex CRC-64-AVRO fingerprint of its schema
     * ({@link SchemaNormalization#parsingFingerprint64}): part of a node's static information,
     * so that nodes of different releases are never mistaken for interchangeable.
     */
    public static SortedMap<String, String> fingerprints() {
        SortedMap<String, String> fingerprints = new TreeMap<>();
        ENTRIES.forEach(entry -> fingerprints.put(entry.recordName(), entry.fingerprint()));
        return Collections.unmodifiableSortedMap(fingerprints);
    }

    /** The CRC-64-AVRO fingerprint of the schema's parsing canonical form, as 16 hex digits. */
    public static String fingerprint(Schema schema) {
        return String.format("%016x", SchemaNormalization.parsingFingerprint64(schema));
    }
}
