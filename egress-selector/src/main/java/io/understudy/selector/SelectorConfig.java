package io.understudy.selector;

import io.understudy.config.RoleKeys;
import io.understudy.config.kafka.KafkaPassThrough;
import io.understudy.observability.MetricsPort;
import io.understudy.schemas.topics.TopicNames;
import io.understudy.selector.leadership.SelectionPolicy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Every setting of the egress selector, with its default and its documentation side by side.
 * Keys starting with {@code kafka.} go, unprefixed, to every Kafka client of the selector.
 */
public final class SelectorConfig extends AbstractConfig {

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String TOPIC_PREFIX = "topic.prefix";
    public static final String INSTANCE_ID = "instance.id";
    public static final String INITIAL_PRIMARY = "initial.primary";
    public static final String FAILURE_TIMEOUT_MS = "failure.timeout.ms";
    public static final String CHECK_INTERVAL_MS = "check.interval.ms";
    public static final String STALL_TIMEOUT_MS = "stall.timeout.ms";
    public static final String STALL_MIN_LEAD = "stall.min.lead";
    public static final String MAX_KEPT_PER_NODE = "max.kept.per.node";
    public static final String COMMIT_INTERVAL_MS = "commit.interval.ms";
    public static final String PRODUCER_LINGER_MS = "producer.linger.ms";
    public static final String METRICS_PORT = "metrics.port";
    public static final String METRICS_BIND_HOST = "metrics.bind.host";
    public static final String SHARDS = "shards";
    public static final String SELECTOR_HEARTBEAT_INTERVAL_MS = "selector.heartbeat.interval.ms";
    public static final String SELECTOR_FAILURE_TIMEOUT_MS = "selector.failure.timeout.ms";

    public static final String KAFKA_PREFIX = KafkaPassThrough.KAFKA_PREFIX;

    static final ConfigDef DEFINITION = new ConfigDef()
            .define(BOOTSTRAP_SERVERS, Type.STRING, "127.0.0.1:9092", Importance.HIGH, "Kafka bootstrap servers.")
            .define(SCHEMA_REGISTRY_URL, Type.STRING, "http://127.0.0.1:8081", Importance.HIGH,
                    "Base URL of a Confluent-compatible schema registry (for Apicurio: .../apis/ccompat/v7).")
            .define(TOPIC_PREFIX, Type.STRING, TopicNames.DEFAULT_PREFIX, Importance.MEDIUM,
                    "Prefix of every Understudy topic.")
            .define(INSTANCE_ID, Type.STRING, "1", Importance.LOW,
                    "This selector instance's id in the selector group; give each instance its own (s1, s2, ...).")
            .define(INITIAL_PRIMARY, Type.STRING, null, Importance.HIGH,
                    "The node that leads every partition of a fresh deployment. When unset, the synchronized node"
                            + " with the most progress is chosen once heartbeats arrive.")
            .define(FAILURE_TIMEOUT_MS, Type.LONG, 300L, Range.atLeast(1), Importance.HIGH,
                    "No heartbeat from the leader for this long, on the broker's clock (the heartbeats topic's"
                            + " LogAppendTime), means it failed (3 heartbeat intervals).")
            .define(CHECK_INTERVAL_MS, Type.LONG, 20L, Range.atLeast(1), Importance.MEDIUM,
                    "How often each partition checks its leader's liveness and progress.")
            .define(STALL_TIMEOUT_MS, Type.LONG, 1_500L, Range.atLeast(1), Importance.MEDIUM,
                    "A leader that is alive but whose heartbeats report no progress on a partition for this long"
                            + " (broker time), while an eligible backup reports more, is stalled, and replaced. Judged on"
                            + " the nodes' own progress: a selector that lags behind never moves leadership.")
            .define(STALL_MIN_LEAD, Type.INT, 100, Range.atLeast(1), Importance.LOW,
                    "How many offsets more than the leader a backup must report for the leader to count as stalled.")
            .define(MAX_KEPT_PER_NODE, Type.INT, 1_000_000, Range.atLeast(1), Importance.LOW,
                    "Outputs kept per backup and partition before that backup is made ineligible (bounds the store).")
            .define(COMMIT_INTERVAL_MS, Type.LONG, 20L, Range.atLeast(1), Importance.MEDIUM,
                    "Transaction commit interval of a shard's owner: egress becomes visible at each commit.")
            .define(PRODUCER_LINGER_MS, Type.INT, 5, Range.atLeast(0), Importance.LOW,
                    "linger.ms of the selector's transactional producers (egress, leadership, state); 5, as the"
                            + " nodes': fewer, fuller produce requests keep the broker's answers quick.")
            .define(METRICS_PORT, Type.STRING, "0", MetricsPort.VALIDATOR, Importance.MEDIUM,
                    "Port of the selector's observability endpoint: GET /metrics (Prometheus), /health/live and"
                            + " /health/ready, the status page (/) and its JSON (/api/status). 0 picks a free port (the address is logged: \"observability endpoint"
                            + " listening on http://...\"); 'disabled' serves none.")
            .define(METRICS_BIND_HOST, Type.STRING, "127.0.0.1", new ConfigDef.NonEmptyString(), Importance.LOW,
                    "Address the observability endpoint listens on; 0.0.0.0 for every interface (a Prometheus on"
                            + " another host).")
            .define(SHARDS, Type.INT, 1, Range.between(1, 10_000), Importance.MEDIUM,
                    "How many shards the selector group divides the ingress partitions into (partition p is in"
                            + " shard p mod shards). Each shard has one owning instance and a transactional id of its own;"
                            + " every instance must use the same value. 1: one instance does all, the others stand by.")
            .define(SELECTOR_HEARTBEAT_INTERVAL_MS, Type.LONG, 50L, Range.atLeast(1), Importance.LOW,
                    "How often this instance publishes its heartbeat (naming the shards it owns) to the selector"
                            + " heartbeats topic.")
            .define(SELECTOR_FAILURE_TIMEOUT_MS, Type.LONG, 300L, Range.atLeast(1), Importance.MEDIUM,
                    "No heartbeat from a shard's owning instance for this long (broker time) and the first"
                            + " live standby in the shard's order takes the shard over.");

    public SelectorConfig(Map<String, ?> settings) {
        super(DEFINITION, settings, false);
    }

    public static ConfigDef definition() {
        return DEFINITION;
    }

    public TopicNames topics() {
        return new TopicNames(getString(TOPIC_PREFIX));
    }

    public String bootstrapServers() {
        return getString(BOOTSTRAP_SERVERS);
    }

    public String schemaRegistryUrl() {
        return getString(SCHEMA_REGISTRY_URL);
    }

    public String instanceId() {
        return getString(INSTANCE_ID);
    }

    public Duration checkInterval() {
        return Duration.ofMillis(getLong(CHECK_INTERVAL_MS));
    }

    public SelectionPolicy policy() {
        return new SelectionPolicy(Optional.ofNullable(getString(INITIAL_PRIMARY)), getLong(FAILURE_TIMEOUT_MS),
                getLong(STALL_TIMEOUT_MS), getInt(STALL_MIN_LEAD), getInt(MAX_KEPT_PER_NODE));
    }

    /** Settings for every Kafka client of the selector (the {@code kafka.*} keys, unprefixed). */
    public Map<String, Object> kafkaClientSettings() {
        return KafkaPassThrough.clientSettings(this, bootstrapServers());
    }

    /** The observability endpoint's port, or empty when {@code metrics.port=disabled}. */
    public java.util.OptionalInt metricsPort() {
        return MetricsPort.parse(METRICS_PORT, getString(METRICS_PORT));
    }

    public String metricsBindHost() {
        return getString(METRICS_BIND_HOST);
    }

    /** Every key the selector understands (for environment overrides and {@code config --print}). */
    public static RoleKeys keys() {
        return RoleKeys.of(DEFINITION, KAFKA_PREFIX);
    }
}
