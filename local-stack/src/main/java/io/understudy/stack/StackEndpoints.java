package io.understudy.stack;

import java.util.Map;
import java.util.Objects;

/**
 * Where a running stack answers: what clients need, and nothing about how it was started.
 *
 * @param bootstrapServers  Kafka {@code bootstrap.servers}, e.g. {@code 127.0.0.1:9092}
 * @param schemaRegistryUrl base URL of the Confluent-compatible registry API,
 *                          e.g. {@code http://127.0.0.1:8081/apis/ccompat/v7}
 */
public record StackEndpoints(String bootstrapServers, String schemaRegistryUrl) {

    public StackEndpoints {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(schemaRegistryUrl, "schemaRegistryUrl");
    }

    /** The one client setting every Kafka client needs here, to build a producer/consumer/admin config on. */
    public Map<String, Object> kafkaClientConfig() {
        return Map.of("bootstrap.servers", bootstrapServers);
    }
}
