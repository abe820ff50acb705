/**
 * Avro serdes for Kafka in the Confluent wire format: {@link io.understudy.schemas.serde.AvroSerde}
 * frames each record as magic byte 0, the writer schema's 4-byte big-endian registry id and the
 * Avro binary body ({@link io.understudy.schemas.serde.ConfluentWireFormat}), so any Confluent
 * deserializer reads Understudy's topics. Bad input fails with a
 * {@link io.understudy.schemas.serde.RecordDecodingException} saying exactly what is wrong;
 * {@link io.understudy.schemas.serde.DecodingFailure} adds partition and offset once a consumer
 * knows them. {@link io.understudy.schemas.serde.SchemaCatalog} lists every record type with its topic.
 */
package io.understudy.schemas.serde;
