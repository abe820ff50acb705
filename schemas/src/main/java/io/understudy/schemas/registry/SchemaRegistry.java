package io.understudy.schemas.registry;

import org.apache.avro.Schema;

/**
 * A schema registry: numbers Avro schemas with ids (the ids framed into every record) and keeps
 * their versions under subjects (by default {@code <topic>-value}), refusing changes that break
 * the subject's {@link CompatibilityLevel}. Implementations are thread-safe.
 *
 * <p>Every method throws {@link SchemaRegistryException} on failure, carrying the registry's
 * HTTP status and error code where there is one.
 */
public interface SchemaRegistry {

    /**
     * Registers a schema under a subject (a no-op answering the existing id when it is already
     * there).
     *
     * @return the schema's id
     * @throws SchemaRegistryException with {@link SchemaRegistryException#INCOMPATIBLE_SCHEMA} when
     *                                 the schema breaks the subject's compatibility level
     */
    int register(String subject, Schema schema);

    /**
     * Looks up the id of a schema already registered under a subject.
     *
     * @throws SchemaRegistryException with {@link SchemaRegistryException#SUBJECT_NOT_FOUND} or
     *                                 {@link SchemaRegistryException#SCHEMA_NOT_FOUND} when it is not
     */
    int idOf(String subject, Schema schema);

    /**
     * The schema with this id.
     *
     * @throws SchemaRegistryException with {@link SchemaRegistryException#SCHEMA_NOT_FOUND} when no
     *                                 schema has it
     */
    Schema schemaById(int id);

    /**
     * Whether registering the schema under the subject would be accepted by its compatibility
     * level (true for a subject that has no version yet).
     */
    boolean isCompatible(String subject, Schema schema);

    /** The subject's compatibility level, or the global one when the subject has none of its own. */
    CompatibilityLevel compatibility(String subject);

    /** Sets the subject's own compatibility level. */
    void setCompatibility(String subject, CompatibilityLevel level);

    /** The compatibility level of subjects that have none of their own. */
    CompatibilityLevel globalCompatibility();

    /** Sets the compatibility level of subjects that have none of their own. */
    void setGlobalCompatibility(CompatibilityLevel level);

    /** Where the registry is (its URL), for error messages. */
    String location();
}
