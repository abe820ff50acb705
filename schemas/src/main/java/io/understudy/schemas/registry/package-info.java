/**
 * The schema registry as Understudy uses it: a small {@link io.understudy.schemas.registry.SchemaRegistry}
 * interface, a client of the Confluent Schema Registry REST API
 * ({@link io.understudy.schemas.registry.SchemaRegistryClient}, also served by Apicurio's
 * {@code /apis/ccompat/v7}) and an in-memory registry for unit tests and single-process use
 * ({@link io.understudy.schemas.registry.InMemorySchemaRegistry}).
 */
package io.understudy.schemas.registry;
