package io.understudy.schemas.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryTest {

    static final Schema V1 = parse("""
            {"type":"record","name":"Flow","namespace":"t","fields":[{"name":"id","type":"string"}]}""");
    /** V1 plus a field with a default: backward compatible. */
    static final Schema V2_WITH_DEFAULT = parse("""
            {"type":"record","name":"Flow","namespace":"t","fields":[{"name":"id","type":"string"},
             {"name":"hops","type":"int","default":0}]}""");
    /** V1 plus a field without a default: a reader of it cannot read V1 data. */
    static final Schema V2_WITHOUT_DEFAULT = parse("""
            {"type":"record","name":"Flow","namespace":"t","fields":[{"name":"id","type":"string"},
             {"name":"hops","type":"int"}]}""");
    /** V1 with the id changed from string to long. */
    static final Schema V2_TYPE_CHANGED = parse("""
            {"type":"record","name":"Flow","namespace":"t","fields":[{"name":"id","type":"long"}]}""");
    static final Schema OTHER = parse("""
            {"type":"record","name":"Other","namespace":"t","fields":[{"name":"x","type":"int"}]}""");

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

    @Test
    void assignsIdsSequentiallyOnePerDistinctSchema() {
        assertEquals(1, registry.register("a-value", V1));
        assertEquals(2, registry.register("b-value", OTHER));
        assertEquals(1, registry.register("a-value", V1), "registering again answers the same id");
        assertEquals(1, registry.register("c-value", V1), "the same schema has one id across subjects");
        assertEquals(3, registry.register("a-value", V2_WITH_DEFAULT));
        assertEquals(V1, registry.schemaById(1));
        assertEquals(OTHER, registry.schemaById(2));
        assertEquals(V2_WITH_DEFAULT, registry.schemaById(3));
        assertEquals(1, registry.idOf("a-value", V1));
        assertEquals(3, registry.idOf("a-value", V2_WITH_DEFAULT));
    }

    @Test
    void lookupsOfMissingSubjectsSchemasAndIdsFailWithConfluentCodes() {
        registry.register("a-value", V1);
        SchemaRegistryException noSubject = assertThrows(SchemaRegistryException.class, () -> registry.idOf("zz-value", V1));
        assertEquals(SchemaRegistryException.SUBJECT_NOT_FOUND, noSubject.errorCode());
        assertEquals(404, noSubject.status());
        assertEquals("Subject 'zz-value' not found in the in-memory schema registry", noSubject.getMessage());

        SchemaRegistryException noSchema = assertThrows(SchemaRegistryException.class, () -> registry.idOf("a-value", OTHER));
        assertEquals(SchemaRegistryException.SCHEMA_NOT_FOUND, noSchema.errorCode());
        assertEquals("Schema t.Other is not registered under subject 'a-value' in the in-memory schema registry",
                noSchema.getMessage());

        SchemaRegistryException noId = assertThrows(SchemaRegistryException.class, () -> registry.schemaById(77));
        assertEquals(SchemaRegistryException.SCHEMA_NOT_FOUND, noId.errorCode());
        assertEquals("Schema id 77 not found in the in-memory schema registry", noId.getMessage());
        assertTrue(noId.notFound());
        assertFalse(noId.unreachable());
    }

    @Test
    void backwardByDefaultAcceptsAnAddedFieldWithDefaultAndRefusesOthers() {
        assertEquals(CompatibilityLevel.BACKWARD, registry.compatibility("a-value"));
        registry.register("a-value", V1);
        assertTrue(registry.isCompatible("a-value", V2_WITH_DEFAULT));
        assertFalse(registry.isCompatible("a-value", V2_WITHOUT_DEFAULT));
        assertFalse(registry.isCompatible("a-value", V2_TYPE_CHANGED));
        assertTrue(registry.isCompatible("new-value", V2_TYPE_CHANGED), "a subject without versions takes anything");

        SchemaRegistryException refused = assertThrows(SchemaRegistryException.class,
                () -> registry.register("a-value", V2_WITHOUT_DEFAULT));
        assertEquals(409, refused.status());
        assertEquals(SchemaRegistryException.INCOMPATIBLE_SCHEMA, refused.errorCode());
        assertTrue(refused.getMessage().startsWith("Schema being registered is incompatible with an earlier schema "
                + "for subject 'a-value' (BACKWARD): the new schema cannot read data written with version 1: "
                + "READER_FIELD_MISSING_DEFAULT_VALUE at /fields/1"), refused.getMessage());
        assertEquals(2, registry.register("a-value", V2_WITH_DEFAULT));
    }

    @Test
    void forwardFullAndNoneCheckTheOtherWayBothWaysAndNotAtAll() {
        registry.register("a-value", V2_WITH_DEFAULT);
        registry.setCompatibility("a-value", CompatibilityLevel.FORWARD);
        assertEquals(CompatibilityLevel.FORWARD, registry.compatibility("a-value"));
        // the old schema (with the hops default) reads data of V1 without hops: forward compatible
        assertTrue(registry.isCompatible("a-value", V1));
        assertFalse(registry.isCompatible("a-value", V2_TYPE_CHANGED));

        registry.setCompatibility("a-value", CompatibilityLevel.FULL);
        assertTrue(registry.isCompatible("a-value", V1));
        registry.register("a-value", V1);
        // V2 without a default: the new schema cannot read V1 data
        assertFalse(registry.isCompatible("a-value", V2_WITHOUT_DEFAULT));

        registry.setCompatibility("a-value", CompatibilityLevel.NONE);
        assertTrue(registry.isCompatible("a-value", V2_TYPE_CHANGED));
    }

    @Test
    void transitiveLevelsCheckEveryVersion() {
        registry.setGlobalCompatibility(CompatibilityLevel.NONE);
        registry.register("a-value", V2_TYPE_CHANGED);   // id: long
        registry.register("a-value", V1);                // id: string
        registry.setCompatibility("a-value", CompatibilityLevel.BACKWARD);
        assertTrue(registry.isCompatible("a-value", V2_WITH_DEFAULT), "compatible with the latest");
        registry.setCompatibility("a-value", CompatibilityLevel.BACKWARD_TRANSITIVE);
        assertFalse(registry.isCompatible("a-value", V2_WITH_DEFAULT), "not with version 1");
    }

    @Test
    void subjectsWithoutALevelFollowTheGlobalOne() {
        registry.setGlobalCompatibility(CompatibilityLevel.FULL_TRANSITIVE);
        assertEquals(CompatibilityLevel.FULL_TRANSITIVE, registry.globalCompatibility());
        assertEquals(CompatibilityLevel.FULL_TRANSITIVE, registry.compatibility("x-value"));
        registry.setCompatibility("x-value", CompatibilityLevel.NONE);
        assertEquals(CompatibilityLevel.NONE, registry.compatibility("x-value"));
        assertEquals(CompatibilityLevel.FULL_TRANSITIVE, registry.compatibility("y-value"));
    }

    static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }
}
