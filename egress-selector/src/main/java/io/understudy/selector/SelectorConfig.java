package io.understudy.selector;

import io.understudy.config.RoleKeys;
import io.understudy.config.kafka.KafkaPassThrough;
import io.understudy.observability.MetricsPort;
import io.understudy.schemas.topics.TopicNames;
import io.understudy.selector.leadership.SelectionPolicy;
import java.nio.file.Path;
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
 * Keys starting with {@code kafka.} go, unprefixed, to every Kafka client of the selector; keys
 * starting with {@code streams.} only to Kafka Streams.
 */
public final class SelectorConfig extends AbstractConfig {

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String TOPIC_PREFIX = "topic.prefix";
    public static final String INSTANCE_ID = "instance.id";
    public static final String INITIAL_PRIMARY = "initial.primary";
    public static final String FAILURE_TIMEOUT_MS = "failure.timeout.ms";
    public static final String CHECK_INTERVAL_MS = "check.interval.ms";
    public static final String STARTUP_GRACE_MS = "startup.grace.ms";
    public static final String STALL_TIMEOUT_MS = "stall.timeout.ms";
    public static final String STALL_MIN_LEAD = "stall.min.lead";
    public static final String MAX_KEPT_PER_NODE = "max.kept.per.node";
    public static final String COMMIT_INTERVAL_MS = "commit.interval.ms";
    public static final String PRODUCER_LINGER_MS = "producer.linger.ms";
    public static final String STATE_DIR = "state.dir";
    public static final String REPLICATION_FACTOR = "replication.factor";
    public static final String SESSION_TIMEOUT_MS = "session.timeout.ms";
    public static final String STATE_STORE = "state.store";
    public static final String METRICS_PORT = "metrics.port";
    public static final String METRICS_BIND_HOST = "metrics.bind.host";

    public static final String KAFKA_PREFIX = KafkaPassThrough.KAFKA_PREFIX;
    public static final String STREAMS_PREFIX = KafkaPassThrough.STREAMS_PREFIX;

    static final ConfigDef DEFINITION = new ConfigDef()
            .define(BOOTSTRAP_SERVERS, Type.STRING, "127.0.0.1:9092", Importance.HIGH, "Kafka bootstrap servers.")
            .define(SCHEMA_REGISTRY_URL, Type.STRING, "http://127.0.0.1:8081", Importance.HIGH,
                    "Base URL of a Confluent-compatible schema registry (for Apicurio: .../apis/ccompat/v7).")
            .define(TOPIC_PREFIX, Type.STRING, TopicNames.DEFAULT_PREFIX, Importance.MEDIUM,
                    "Prefix of every Understudy topic.")
            .define(INSTANCE_ID, Type.STRING, "1", Importance.LOW,
                    "This selector instance's static group member id; give each instance of a redundant selector its own.")
            .define(INITIAL_PRIMARY, Type.STRING, null, Importance.HIGH,
                    "The node that leads every partition of a fresh deployment. When unset, the synchronized node"
                            + " with the most progress is chosen once heartbeats arrive.")
            .define(FAILURE_TIMEOUT_MS, Type.LONG, 300L, Range.atLeast(1), Importance.HIGH,
                    "No heartbeat from the leader for this long (selector clock) means it failed (3 heartbeat intervals).")
            .define(CHECK_INTERVAL_MS, Type.LONG, 20L, Range.atLeast(1), Importance.MEDIUM,
                    "How often each partition checks its leader's liveness and progress.")
            .define(STARTUP_GRACE_MS, Type.LONG, 15_000L, Range.atLeast(0), Importance.LOW,
                    "After the selector starts, how long a node it has not heard from yet is presumed alive: nodes"
                            + " started together with the selector need a few seconds before their first heartbeat.")
            .define(STALL_TIMEOUT_MS, Type.LONG, 1_500L, Range.atLeast(1), Importance.MEDIUM,
                    "A leader that is alive but produced no output for this long while an eligible backup moved"
                            + " ahead is stalled, and replaced.")
            .define(STALL_MIN_LEAD, Type.INT, 100, Range.atLeast(1), Importance.LOW,
                    "How many outputs past the watermark a backup must have for the leader to count as stalled.")
            .define(MAX_KEPT_PER_NODE, Type.INT, 1_000_000, Range.atLeast(1), Importance.LOW,
                    "Outputs kept per backup and partition before that backup is made ineligible (bounds the store).")
            .define(COMMIT_INTERVAL_MS, Type.LONG, 20L, Range.atLeast(1), Importance.MEDIUM,
                    "Exactly-once commit interval: egress becomes visible at each commit.")
            .define(PRODUCER_LINGER_MS, Type.INT, 5, Range.atLeast(0), Importance.LOW,
                    "linger.ms of the selector's exactly-once producer (egress, leadership, changelogs); 5, as the"
                            + " nodes': fewer, fuller produce requests keep the broker's answers quick.")
            .define(STATE_DIR, Type.STRING, ".understudy/state", Importance.MEDIUM,
                    "Directory for the selector's local state; a subdirectory per instance is used.")
            .define(REPLICATION_FACTOR, Type.SHORT, (short) -1, Importance.LOW,
                    "Replication factor of the selector's changelog topics; -1 takes the broker's default.")
            .define(SESSION_TIMEOUT_MS, Type.INT, 10_000, Range.atLeast(1), Importance.LOW,
                    "Consumer group session timeout of the selector (its own failover between redundant instances).")
            .define(METRICS_PORT, Type.STRING, "0", MetricsPort.VALIDATOR, Importance.MEDIUM,
                    "Port of the selector's observability endpoint: GET /metrics (Prometheus), /health/live and"
                            + " /health/ready, the status page (/) and its JSON (/api/status). 0 picks a free port (the address is logged: \"observability endpoint"
                            + " listening on http://...\"); 'disabled' serves none.")
            .define(METRICS_BIND_HOST, Type.STRING, "127.0.0.1", new ConfigDef.NonEmptyString(), Importance.LOW,
                    "Address the observability endpoint listens on; 0.0.0.0 for every interface (a Prometheus on"
                            + " another host).")
            .define(STATE_STORE, Type.STRING, "memory", ConfigDef.ValidString.in("rocksdb", "memory"), Importance.LOW,
                    "Where leadership and kept outputs are held locally: memory (default; restored from the changelog"
                            + " at each start) or rocksdb (on disk). Both are changelogged. RocksDB flushes a memtable"
                            + " at every commit, which at a 20 ms commit interval costs more than it saves.");

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

    public Path stateDir() {
        return Path.of(getString(STATE_DIR)).resolve("selector-" + instanceId());
    }

    public boolean persistentStores() {
        return "rocksdb".equals(getString(STATE_STORE));
    }

    public Duration checkInterval() {
        return Duration.ofMillis(getLong(CHECK_INTERVAL_MS));
    }

    public SelectionPolicy policy() {
        return new SelectionPolicy(Optional.ofNullable(getString(INITIAL_PRIMARY)), getLong(FAILURE_TIMEOUT_MS),
                getLong(STARTUP_GRACE_MS), getLong(STALL_TIMEOUT_MS), getInt(STALL_MIN_LEAD), getInt(MAX_KEPT_PER_NODE));
    }

    /** Settings for every Kafka client of the selector (the {@code kafka.*} keys, unprefixed). */
    public Map<String, Object> kafkaClientSettings() {
        return KafkaPassThrough.clientSettings(this, bootstrapServers());
    }

    /** Extra Kafka Streams settings (the {@code streams.*} keys, unprefixed). */
    public Map<String, Object> streamsOverrides() {
        return KafkaPassThrough.streamsOverrides(this);
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
        return RoleKeys.of(DEFINITION, KAFKA_PREFIX, STREAMS_PREFIX);
    }
}
