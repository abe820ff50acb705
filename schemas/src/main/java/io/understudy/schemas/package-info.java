/**
 * The contracts every Understudy process shares: topic names and their settings
 * ({@link io.understudy.schemas.topics}), the schema registry
 * ({@link io.understudy.schemas.registry}) and the Avro serdes that frame records in the
 * Confluent wire format ({@link io.understudy.schemas.serde}). The records themselves are
 * generated from {@code src/main/avro} into {@code io.understudy.records}.
 */
package io.understudy.schemas;
