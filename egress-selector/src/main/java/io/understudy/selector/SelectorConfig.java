package io.understudy.selector;

import io.understudy.config.RoleConfigDefs;
import io.understudy.config.RoleKeys;
import io.understudy.config.kafka.KafkaPassThrough;
import io.understudy.observability.MetricsPort;
import io.understudy.schemas.topics.TopicNames;
import io.understudy.selector.internals.leadership.SelectionPolicy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Every setting of the egress selector, with its default and its documentation side by side; the
 * keys every role shares are {@link RoleConfigDefs}'. Keys starting with {@code kafka.} go,
 * unprefixed, to every Kafka client of the selector. Any other key is refused, so that a typo
 * does not silently leave a default in place.
 */
public final class SelectorConfig extends AbstractConfig {

    public static final String KAFKA_PREFIX = KafkaPassThrough.KAFKA_PREFIX;

    // --- Kafka, the schema registry, topics, observability, transactions: RoleConfigDefs ------

    public static final String BOOTSTRAP_SERVERS_CONFIG = RoleConfigDefs.BOOTSTRAP_SERVERS_CONFIG;
    public static final String SCHEMA_REGISTRY_URL_CONFIG = RoleConfigDefs.SCHEMA_REGISTRY_URL_CONFIG;
    public static final String TOPIC_PREFIX_CONFIG = RoleConfigDefs.TOPIC_PREFIX_CONFIG;
    public static final String METRICS_PORT_CONFIG = RoleConfigDefs.METRICS_PORT_CONFIG;
    public static final String METRICS_BIND_HOST_CONFIG = RoleConfigDefs.METRICS_BIND_HOST_CONFIG;
    public static final String COMMIT_INTERVAL_MS_CONFIG = RoleConfigDefs.COMMIT_INTERVAL_MS_CONFIG;
    public static final String PRODUCER_LINGER_MS_CONFIG = RoleConfigDefs.PRODUCER_LINGER_MS_CONFIG;

    // --- Choosing each partition's leader -----------------------------------------------------

    public static final String INITIAL_PRIMARY_CONFIG = "initial.primary";
    private static final String INITIAL_PRIMARY_DOC = "The node that leads every partition of a fresh deployment."
            + " When unset, the synchronized node with the most progress is chosen once heartbeats arrive.";

    public static final String FAILURE_TIMEOUT_MS_CONFIG = "failure.timeout.ms";
    private static final String FAILURE_TIMEOUT_MS_DOC = "No heartbeat from the leader for this long, on the"
            + " broker's clock (the heartbeats topic's LogAppendTime), means it failed (3 heartbeat intervals).";

    public static final String CHECK_INTERVAL_MS_CONFIG = "check.interval.ms";
    private static final String CHECK_INTERVAL_MS_DOC = "How often each partition checks its leader's liveness and"
            + " progress.";

    public static final String STALL_TIMEOUT_MS_CONFIG = "stall.timeout.ms";
    private static final String STALL_TIMEOUT_MS_DOC = "A leader that is alive but whose heartbeats report no"
            + " progress on a partition for this long (broker time), while an eligible backup reports more, is"
            + " stalled, and replaced. Judged on the nodes' own progress: a selector that lags behind never moves"
            + " leadership. Above the pauses of a warming-up JVM on a busy machine (1.5-2.7 s seen on 2 cores), which"
            + " are not stalls; a leader that dies is failed after failure.timeout.ms whatever this is.";

    public static final String STALL_MIN_LEAD_CONFIG = "stall.min.lead";
    private static final String STALL_MIN_LEAD_DOC = "How many offsets more than the leader a backup must report for"
            + " the leader to count as stalled.";

    public static final String MAX_KEPT_PER_NODE_CONFIG = "max.kept.per.node";
    private static final String MAX_KEPT_PER_NODE_DOC = "Outputs kept in memory per backup and partition (a backup's"
            + " outputs past the watermark, until the watermark passes them or it takes over). Past it the backup is"
            + " made ineligible and ordered to resynchronize, and is eligible again once synchronized from a later"
            + " offset. A kept output costs about 450 bytes of heap with a 100-byte payload and 1,350 with a"
            + " 1,000-byte one (measured): the default keeps one backup's three partitions under 70 MB of the"
            + " role's 512 MB heap at 100-byte payloads.";

    public static final String DIGEST_WINDOW_OFFSETS_CONFIG = "digest.window.offsets";
    private static final String DIGEST_WINDOW_OFFSETS_DOC = "How many ingress offsets behind the watermark a"
            + " node's output can still be compared with the output emitted for its offset. The selector keeps the"
            + " emitted outputs' digests for that many offsets per partition (28 bytes each at most); a backup"
            + " whose output arrives further behind is made ineligible and ordered to resynchronize (decision"
            + " ineligible, reason 'beyond the comparison window'), never trusted uncompared.";

    // --- The selector group -------------------------------------------------------------------

    public static final String INSTANCE_ID_CONFIG = "instance.id";
    private static final String INSTANCE_ID_DOC = "This selector instance's id in the selector group; give each"
            + " instance its own (s1, s2, ...).";

    public static final String SHARDS_CONFIG = "shards";
    private static final String SHARDS_DOC = "How many shards the selector group divides the ingress partitions into"
            + " (partition p is in shard p mod shards). Each shard has one owning instance and a transactional id of"
            + " its own; every instance must use the same value. 1: one instance does all, the others stand by.";

    public static final String SELECTOR_HEARTBEAT_INTERVAL_MS_CONFIG = "selector.heartbeat.interval.ms";
    private static final String SELECTOR_HEARTBEAT_INTERVAL_MS_DOC = "How often this instance publishes its heartbeat"
            + " (naming the shards it owns) to the selector heartbeats topic.";

    public static final String SELECTOR_FAILURE_TIMEOUT_MS_CONFIG = "selector.failure.timeout.ms";
    private static final String SELECTOR_FAILURE_TIMEOUT_MS_DOC = "No heartbeat from a shard's owning instance for"
            + " this long (broker time) and the first live standby in the shard's order takes the shard over.";

    public static final String STARTUP_TIMEOUT_MS_CONFIG = "startup.timeout.ms";
    private static final String STARTUP_TIMEOUT_MS_DOC = "How long a starting selector keeps retrying when the"
            + " cluster does not answer in time (verifying the topics it uses) before it gives up.";

    /** Every key, its type, default, valid values and meaning. */
    public static final ConfigDef CONFIG_DEF = RoleConfigDefs.withTransactionKeys(RoleConfigDefs.withCommonKeys(
            new ConfigDef()
            .define(INITIAL_PRIMARY_CONFIG, Type.STRING, null, Importance.HIGH, INITIAL_PRIMARY_DOC)
            .define(FAILURE_TIMEOUT_MS_CONFIG, Type.LONG, 300L, Range.atLeast(1), Importance.HIGH,
                    FAILURE_TIMEOUT_MS_DOC)
            .define(CHECK_INTERVAL_MS_CONFIG, Type.LONG, 20L, Range.atLeast(1), Importance.MEDIUM,
                    CHECK_INTERVAL_MS_DOC)
            .define(STALL_TIMEOUT_MS_CONFIG, Type.LONG, 5_000L, Range.atLeast(1), Importance.MEDIUM,
                    STALL_TIMEOUT_MS_DOC)
            .define(STALL_MIN_LEAD_CONFIG, Type.INT, 100, Range.atLeast(1), Importance.LOW, STALL_MIN_LEAD_DOC)
            .define(MAX_KEPT_PER_NODE_CONFIG, Type.INT, 50_000, Range.atLeast(1), Importance.LOW,
                    MAX_KEPT_PER_NODE_DOC)
            .define(DIGEST_WINDOW_OFFSETS_CONFIG, Type.LONG, SelectionPolicy.DEFAULT_DIGEST_WINDOW_OFFSETS,
                    Range.between(1, 10_000_000), Importance.LOW, DIGEST_WINDOW_OFFSETS_DOC)

            .define(INSTANCE_ID_CONFIG, Type.STRING, "1", Importance.LOW, INSTANCE_ID_DOC)
            .define(SHARDS_CONFIG, Type.INT, 1, Range.between(1, 10_000), Importance.MEDIUM, SHARDS_DOC)
            .define(SELECTOR_HEARTBEAT_INTERVAL_MS_CONFIG, Type.LONG, 50L, Range.atLeast(1), Importance.LOW,
                    SELECTOR_HEARTBEAT_INTERVAL_MS_DOC)
            .define(SELECTOR_FAILURE_TIMEOUT_MS_CONFIG, Type.LONG, 300L, Range.atLeast(1), Importance.MEDIUM,
                    SELECTOR_FAILURE_TIMEOUT_MS_DOC)
            .define(STARTUP_TIMEOUT_MS_CONFIG, Type.LONG, 120_000L, Range.atLeast(0), Importance.LOW,
                    STARTUP_TIMEOUT_MS_DOC)));

    /**
     * @throws org.apache.kafka.common.config.ConfigException naming the first key that is unknown,
     *         missing or invalid
     */
    public SelectorConfig(Map<String, ?> settings) {
        super(CONFIG_DEF, keys().requireKnown(settings, "selector"), false);
    }

    public TopicNames topicNames() {
        return new TopicNames(getString(TOPIC_PREFIX_CONFIG));
    }

    public String bootstrapServers() {
        return getString(BOOTSTRAP_SERVERS_CONFIG);
    }

    public String schemaRegistryUrl() {
        return getString(SCHEMA_REGISTRY_URL_CONFIG);
    }

    public String instanceId() {
        return getString(INSTANCE_ID_CONFIG);
    }

    public Duration startupTimeout() {
        return Duration.ofMillis(getLong(STARTUP_TIMEOUT_MS_CONFIG));
    }

    public Duration checkInterval() {
        return Duration.ofMillis(getLong(CHECK_INTERVAL_MS_CONFIG));
    }

    public SelectionPolicy policy() {
        return new SelectionPolicy(Optional.ofNullable(getString(INITIAL_PRIMARY_CONFIG)), getLong(FAILURE_TIMEOUT_MS_CONFIG),
                getLong(STALL_TIMEOUT_MS_CONFIG), getInt(STALL_MIN_LEAD_CONFIG), getInt(MAX_KEPT_PER_NODE_CONFIG),
                getLong(DIGEST_WINDOW_OFFSETS_CONFIG));
    }

    /** Settings for every Kafka client of the selector (the {@code kafka.*} keys, unprefixed). */
    public Map<String, Object> kafkaClientSettings() {
        return KafkaPassThrough.clientSettings(this, bootstrapServers());
    }

    /** The observability endpoint's port, or empty when {@code metrics.port=disabled}. */
    public java.util.OptionalInt metricsPort() {
        return MetricsPort.parse(METRICS_PORT_CONFIG, getString(METRICS_PORT_CONFIG));
    }

    public String metricsBindHost() {
        return getString(METRICS_BIND_HOST_CONFIG);
    }

    /** Every key the selector understands (for environment overrides and {@code config --print}). */
    public static RoleKeys keys() {
        return RoleKeys.of(CONFIG_DEF, KAFKA_PREFIX);
    }
}
