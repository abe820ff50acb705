package io.understudy.schemas.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.records.NodeOutput;
import io.understudy.schemas.registry.CompatibilityLevel;
import io.understudy.schemas.registry.InMemorySchemaRegistry;
import io.understudy.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaIncompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;

/**
 * NodeOutput's payload record was named {@code Emission}, as the function API's {@code Emission} is,
 * so that code touching both spelt one of them out in full. It is {@code EmissionRecord} now, with
 * the old name as an Avro alias: node outputs written and schemas registered under the old name
 * (the node output and dead-letter topics keep them, the registry too) still resolve.
 */
class EmissionRecordAliasTest {

    private static final String TOPIC = "understudy.node.a.out";
    private static final String SUBJECT = TopicNameStrategy.valueSubject(TOPIC);
    private static final Schema CURRENT = NodeOutput.getClassSchema();

    @Test
    void theReleasedSchemaIsTheOneItsNodesAnnouncedAndNamedThePayloadRecordEmission() {
        assertEquals(ReleasedNodeOutput.FINGERPRINT, SchemaCatalog.fingerprint(ReleasedNodeOutput.SCHEMA));
        Schema items = ReleasedNodeOutput.SCHEMA.getField("emissions").schema().getElementType();
        assertEquals("io.understudy.records.Emission", items.getFullName());
        assertEquals("io.understudy.records.EmissionRecord",
                CURRENT.getField("emissions").schema().getElementType().getFullName());
        assertEquals(List.of("io.understudy.records.Emission"),
                List.copyOf(CURRENT.getField("emissions").schema().getElementType().getAliases()));
    }

    @Test
    void avroFindsTheNewReaderCompatibleWithTheOldWriterAndNotTheOtherWayRound() {
        SchemaPairCompatibility newReadsOld = SchemaCompatibility.checkReaderWriterCompatibility(CURRENT, ReleasedNodeOutput.SCHEMA);
        assertEquals(SchemaCompatibilityType.COMPATIBLE, newReadsOld.getType(), newReadsOld.getDescription());

        // a reader of the old release knows no alias for the new name: readers upgrade before writers
        SchemaPairCompatibility oldReadsNew = SchemaCompatibility.checkReaderWriterCompatibility(ReleasedNodeOutput.SCHEMA, CURRENT);
        assertEquals(SchemaCompatibilityType.INCOMPATIBLE, oldReadsNew.getType());
        assertEquals(List.of(SchemaIncompatibilityType.NAME_MISMATCH), oldReadsNew.getResult().getIncompatibilities().stream()
                .map(SchemaCompatibility.Incompatibility::getType).toList());
        assertEquals("/fields/5/type/items/name", oldReadsNew.getResult().getIncompatibilities().get(0).getLocation());
    }

    /**
     * Avro's resolving reader alone does not compare the names of records nested in fields: it would
     * decode these bytes with or without the alias. What refuses a rename without one is the
     * compatibility check the deserializer and the registry run (the tests above and below).
     */
    @Test
    void bytesWrittenWithTheOldSchemaDecodeWithTheNewOne() throws IOException {
        byte[] framed = ReleasedNodeOutput.framed(1, "a", 41);
        byte[] body = Arrays.copyOfRange(framed, ConfluentWireFormat.HEADER_LENGTH, framed.length);

        NodeOutput read = new SpecificDatumReader<NodeOutput>(ReleasedNodeOutput.SCHEMA, CURRENT)
                .read(null, DecoderFactory.get().binaryDecoder(body, null));

        assertEquals(ReleasedNodeOutput.expected("a", 41), read);
    }

    @Test
    void theDeserializerReadsOutputsFramedUnderTheOldSchemaId() {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        int oldId = registry.register(SUBJECT, ReleasedNodeOutput.SCHEMA);
        AvroSerde<NodeOutput> serde = AvroSerde.forValues(NodeOutput.class, registry);

        assertEquals(ReleasedNodeOutput.expected("a", 41),
                serde.deserializer().deserialize(TOPIC, ReleasedNodeOutput.framed(oldId, "a", 41)));
        // and the same deserializer goes on with outputs of the new schema, registered beside the old
        NodeOutput current = ReleasedNodeOutput.expected("a", 42);
        byte[] framed = serde.serializer().serialize(TOPIC, current);
        assertNotEquals(oldId, ConfluentWireFormat.schemaId(framed));
        assertEquals(current, serde.deserializer().deserialize(TOPIC, framed));
    }

    @Test
    void theRenamedSchemaRegistersAfterTheOldOneUnderBackwardButNotUnderFull() {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        assertEquals(CompatibilityLevel.BACKWARD, registry.compatibility(SUBJECT));
        int oldId = registry.register(SUBJECT, ReleasedNodeOutput.SCHEMA);
        assertTrue(registry.isCompatible(SUBJECT, CURRENT));
        assertEquals(oldId + 1, registry.register(SUBJECT, CURRENT));

        InMemorySchemaRegistry full = new InMemorySchemaRegistry();
        full.setCompatibility(SUBJECT, CompatibilityLevel.FULL);
        full.register(SUBJECT, ReleasedNodeOutput.SCHEMA);
        SchemaRegistryException refused = assertThrows(SchemaRegistryException.class, () -> full.register(SUBJECT, CURRENT));
        assertEquals(SchemaRegistryException.INCOMPATIBLE_SCHEMA, refused.errorCode());
    }

    @Test
    void theRenameChangesNodeOutputsFingerprintSoNodesOfTheTwoReleasesAreNeverSynchronizedWithEachOther() {
        // the parsing canonical form keeps names and drops aliases
        assertNotEquals(ReleasedNodeOutput.FINGERPRINT, SchemaCatalog.fingerprints().get("io.understudy.records.NodeOutput"));
    }
}
