package io.understudy.config.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;

/**
 * The settings every Kafka client of a role gets: the {@value #KAFKA_PREFIX}{@code *} keys without
 * their prefix (security.protocol, sasl.*, ssl.*, client.dns.lookup...), plus the bootstrap servers.
 * Each role hands them to every client it creates (Kafka Streams, producers, consumers, admin),
 * then sets what it must decide itself on top.
 */
public final class KafkaPassThrough {

    /** Prefix of the keys handed to every Kafka client. */
    public static final String KAFKA_PREFIX = "kafka.";
    /** Prefix of the keys handed to Kafka Streams only. */
    public static final String STREAMS_PREFIX = "streams.";

    private KafkaPassThrough() {
    }

    /** The {@code kafka.*} settings, unprefixed, with {@code bootstrap.servers}. */
    public static Map<String, Object> clientSettings(AbstractConfig config, String bootstrapServers) {
        Map<String, Object> settings = new HashMap<>(config.originalsWithPrefix(KAFKA_PREFIX));
        settings.put("bootstrap.servers", bootstrapServers);
        return settings;
    }

    /** The {@code streams.*} settings, unprefixed. */
    public static Map<String, Object> streamsOverrides(AbstractConfig config) {
        return config.originalsWithPrefix(STREAMS_PREFIX);
    }

    /**
     * The Kafka Streams application id (and so consumer group and transactional-id prefix) of a
     * role: the topic prefix without its trailing dot, then {@code -suffix}; e.g. prefix
     * {@code understudy.} and suffix {@code node-a} give {@code understudy-node-a}.
     */
    public static String applicationId(String topicPrefix, String suffix) {
        String base = topicPrefix.endsWith(".") ? topicPrefix.substring(0, topicPrefix.length() - 1) : topicPrefix;
        return (base.isEmpty() ? "understudy" : base) + "-" + suffix;
    }
}
