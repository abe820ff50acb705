package io.understudy.schemas.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.schemas.serde.SchemaCatalog;
import io.understudy.schemas.serde.TopicNameStrategy;
import io.understudy.schemas.topics.TopicNames;
import io.understudy.stack.StackEndpoints;
import io.understudy.stack.junit.UnderstudyStackExtension;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The client against the real registry of the local stack (Apicurio's Confluent-compatible API). */
@ExtendWith(UnderstudyStackExtension.class)
class SchemaRegistryClientIT {

    private final String url;
    private final SchemaRegistryClient client;
    /** Subjects of this test only: the registry is shared by every test of the JVM. */
    private final String unique = "it-" + UUID.randomUUID().toString().substring(0, 8);

    SchemaRegistryClientIT(StackEndpoints stack) {
        this.url = stack.schemaRegistryUrl();
        this.client = SchemaRegistryClient.forUrl(url);
    }

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void everySchemaOfTheCatalogRoundTripsThroughTheRegistry() {
        TopicNames names = new TopicNames(unique + ".");
        Map<String, Integer> ids = SchemaCatalog.registerAll(client, names, List.of("a", "b"));
        assertEquals(14, ids.size()); // heartbeats and sync once per node (a, b), the selector's sync orders once

        // a fresh client has nothing cached: every answer below comes from the registry
        try (SchemaRegistryClient fresh = SchemaRegistryClient.forUrl(url)) {
            for (SchemaCatalog.Entry entry : SchemaCatalog.entries()) {
                for (String topic : entry.topic().names(names, List.of("a", "b"))) {
                    String subject = TopicNameStrategy.valueSubject(topic);
                    int id = ids.get(subject);
                    assertEquals(entry.schema(), fresh.schemaById(id), subject);
                    assertEquals(id, fresh.idOf(subject, entry.schema()), subject);
                    assertEquals(id, fresh.register(subject, entry.schema()), "registering again: " + subject);
                }
            }
        }
        assertEquals(ids.get(TopicNameStrategy.valueSubject(names.nodeOutput("a"))),
                ids.get(TopicNameStrategy.valueSubject(names.nodeOutput("b"))), "one schema, one id");
        assertEquals(9, ids.values().stream().distinct().count());
    }

    @Test
    void backwardAcceptsAFieldAddedWithADefaultAndRefusesOtherChanges() {
        String subject = unique + "-value";
        client.setCompatibility(subject, CompatibilityLevel.BACKWARD);
        int v1 = client.register(subject, InMemorySchemaRegistryTest.V1);

        assertTrue(client.isCompatible(subject, InMemorySchemaRegistryTest.V2_WITH_DEFAULT));
        assertFalse(client.isCompatible(subject, InMemorySchemaRegistryTest.V2_WITHOUT_DEFAULT));
        assertFalse(client.isCompatible(subject, InMemorySchemaRegistryTest.V2_TYPE_CHANGED));

        for (Schema incompatible : List.of(InMemorySchemaRegistryTest.V2_WITHOUT_DEFAULT,
                InMemorySchemaRegistryTest.V2_TYPE_CHANGED)) {
            SchemaRegistryException refused = assertThrows(SchemaRegistryException.class,
                    () -> client.register(subject, incompatible));
            assertEquals(409, refused.status());
            assertEquals(SchemaRegistryException.INCOMPATIBLE_SCHEMA, refused.errorCode());
            assertTrue(refused.getMessage().startsWith("Schema registry at " + url + " refused POST /subjects/"
                    + subject + "/versions: HTTP 409, error code 409: "), refused.getMessage());
        }

        int v2 = client.register(subject, InMemorySchemaRegistryTest.V2_WITH_DEFAULT);
        assertNotEquals(v1, v2);
        assertEquals(InMemorySchemaRegistryTest.V2_WITH_DEFAULT, SchemaRegistryClient.forUrl(url).schemaById(v2));
    }

    @Test
    void aSubjectWithoutVersionsIsCompatibleWithAnything() {
        assertTrue(client.isCompatible(unique + "-empty-value", InMemorySchemaRegistryTest.V2_TYPE_CHANGED));
    }

    @Test
    void getsAndSetsTheCompatibilityOfASubject() {
        String subject = unique + "-config-value";
        client.register(subject, InMemorySchemaRegistryTest.V1);
        for (CompatibilityLevel level : List.of(CompatibilityLevel.FULL, CompatibilityLevel.FORWARD_TRANSITIVE,
                CompatibilityLevel.NONE, CompatibilityLevel.BACKWARD)) {
            client.setCompatibility(subject, level);
            assertEquals(level, client.compatibility(subject));
        }
    }

    @Test
    void getsAndSetsTheGlobalCompatibilityAndSubjectsWithoutALevelFollowIt() {
        CompatibilityLevel before = client.globalCompatibility();
        try {
            client.setGlobalCompatibility(CompatibilityLevel.FULL);
            assertEquals(CompatibilityLevel.FULL, client.globalCompatibility());
            assertEquals(CompatibilityLevel.FULL, client.compatibility(unique + "-never-registered-value"));
            client.setGlobalCompatibility(CompatibilityLevel.FORWARD);
            assertEquals(CompatibilityLevel.FORWARD, client.globalCompatibility());
        } finally {
            client.setGlobalCompatibility(before); // the registry is shared by the JVM's other tests
        }
    }

    @Test
    void missingSubjectsSchemasAndIdsAreReportedWithTheirErrorCodes() {
        String subject = unique + "-lookup-value";
        SchemaRegistryException noSubject = assertThrows(SchemaRegistryException.class,
                () -> client.idOf(subject, InMemorySchemaRegistryTest.V1));
        assertEquals(404, noSubject.status());
        assertEquals(SchemaRegistryException.SUBJECT_NOT_FOUND, noSubject.errorCode());
        assertTrue(noSubject.getMessage().startsWith("Schema registry at " + url + " refused POST /subjects/" + subject
                + ": HTTP 404, error code 40401: "), noSubject.getMessage());

        client.register(subject, InMemorySchemaRegistryTest.V1);
        SchemaRegistryException noSchema = assertThrows(SchemaRegistryException.class,
                () -> client.idOf(subject, InMemorySchemaRegistryTest.OTHER));
        assertEquals(SchemaRegistryException.SCHEMA_NOT_FOUND, noSchema.errorCode());

        SchemaRegistryException noId = assertThrows(SchemaRegistryException.class, () -> client.schemaById(987_654_321));
        assertEquals(404, noId.status());
        assertEquals(SchemaRegistryException.SCHEMA_NOT_FOUND, noId.errorCode());
        assertTrue(noId.getMessage().startsWith("Schema registry at " + url + " refused GET /schemas/ids/987654321: "
                + "HTTP 404, error code 40403: "), noId.getMessage());
    }
}
