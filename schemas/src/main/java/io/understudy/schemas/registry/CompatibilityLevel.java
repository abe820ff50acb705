package io.understudy.schemas.registry;

/**
 * Which schema changes a registry accepts under a subject, as the Confluent Schema Registry
 * defines them. "Backward": consumers using the new schema can read data written with the
 * previous one (e.g. a field added with a default). "Forward": consumers using the previous
 * schema can read data written with the new one. "Full": both. "Transitive": checked against
 * every earlier version, not only the latest.
 */
public enum CompatibilityLevel {
    NONE,
    BACKWARD,
    BACKWARD_TRANSITIVE,
    FORWARD,
    FORWARD_TRANSITIVE,
    FULL,
    FULL_TRANSITIVE;

    /** True when the new schema must be able to read data of the old (backward or full). */
    public boolean newReadsOld() {
        return this == BACKWARD || this == BACKWARD_TRANSITIVE || this == FULL || this == FULL_TRANSITIVE;
    }

    /** True when the old schema must be able to read data of the new (forward or full). */
    public boolean oldReadsNew() {
        return this == FORWARD || this == FORWARD_TRANSITIVE || this == FULL || this == FULL_TRANSITIVE;
    }

    /** True when every earlier version is checked, not only the latest. */
    public boolean transitive() {
        return name().endsWith("_TRANSITIVE");
    }
}
