package io.understudy.node;

import io.understudy.api.FunctionConfig;
import io.understudy.config.RoleConfigDefs;
import io.understudy.config.RoleKeys;
import io.understudy.config.kafka.KafkaPassThrough;
import io.understudy.node.internals.processing.NodeStores;
import io.understudy.node.internals.sync.SyncSettings;
import io.understudy.observability.MetricsPort;
import io.understudy.schemas.topics.TopicNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Every setting of a node, with its default and its documentation side by side; the keys every
 * role shares, and those of the roles that write in transactions, are {@link RoleConfigDefs}'.
 *
 * <p>Keys starting with {@code function.} are the traffic function's static configuration
 * (part of the node's static information). Keys starting with {@code kafka.} are passed, without
 * the prefix, to every Kafka client of the node (security settings, for instance); keys starting
 * with {@code streams.} only to Kafka Streams. Any other key is refused, so that a typo does not
 * silently leave a default in place.
 */
public final class NodeConfig extends AbstractConfig {

    public static final String FUNCTION_PREFIX = "function.";
    public static final String KAFKA_PREFIX = KafkaPassThrough.KAFKA_PREFIX;
    public static final String STREAMS_PREFIX = KafkaPassThrough.STREAMS_PREFIX;

    // --- Kafka, the schema registry, topics, observability, transactions: RoleConfigDefs ------

    public static final String BOOTSTRAP_SERVERS_CONFIG = RoleConfigDefs.BOOTSTRAP_SERVERS_CONFIG;
    public static final String SCHEMA_REGISTRY_URL_CONFIG = RoleConfigDefs.SCHEMA_REGISTRY_URL_CONFIG;
    public static final String TOPIC_PREFIX_CONFIG = RoleConfigDefs.TOPIC_PREFIX_CONFIG;
    public static final String METRICS_PORT_CONFIG = RoleConfigDefs.METRICS_PORT_CONFIG;
    public static final String METRICS_BIND_HOST_CONFIG = RoleConfigDefs.METRICS_BIND_HOST_CONFIG;
    public static final String COMMIT_INTERVAL_MS_CONFIG = RoleConfigDefs.COMMIT_INTERVAL_MS_CONFIG;
    public static final String PRODUCER_LINGER_MS_CONFIG = RoleConfigDefs.PRODUCER_LINGER_MS_CONFIG;

    // --- The node and its function ----------------------------------------------------------

    public static final String NODE_ID_CONFIG = "node.id";
    private static final String NODE_ID_DOC = "This node's id: letters, digits, '-' and '_'. Names its output topic"
            + " (node.<id>.out) and its Kafka Streams application id; must be unique in the deployment and stable"
            + " across restarts.";

    public static final String INSTANCE_ID_CONFIG = "instance.id";
    private static final String INSTANCE_ID_DOC = "This instance of the node, when the node runs as several Kafka"
            + " Streams instances of its application (on several machines, say), which share its partitions: letters,"
            + " digits, '-' and '_', unique among the node's instances and stable across restarts. It is the instance's"
            + " static group membership (group.instance.id), names its heartbeats and its state subdirectory. Default:"
            + " the node id (one instance).";

    public static final String FUNCTION_CONFIG = "function";
    private static final String FUNCTION_DOC = "The traffic function to run (passthrough, router, security-engine,"
            + " or one of your own). Its static configuration: the function.* keys.";

    public static final String STARTUP_TIMEOUT_MS_CONFIG = "startup.timeout.ms";
    private static final String STARTUP_TIMEOUT_MS_DOC = "How long a starting node keeps retrying when the cluster"
            + " does not answer in time (provisioning its output topic, settling its start positions) before it"
            + " gives up.";

    public static final String HEARTBEAT_INTERVAL_MS_CONFIG = "heartbeat.interval.ms";
    private static final String HEARTBEAT_INTERVAL_MS_DOC = "How often the node publishes a heartbeat while it"
            + " processes.";

    // --- Local state ------------------------------------------------------------------------

    public static final String STATE_DIR_CONFIG = "state.dir";
    private static final String STATE_DIR_DOC = "Directory for the node's local state (RocksDB); a subdirectory"
            + " per node id (node-<id>) is used, per instance (node-<id>.<instance>) when the instance id is not the"
            + " node id.";

    public static final String STATE_STORE_CONFIG = "state.store";
    private static final String STATE_STORE_DOC = "Where session contexts are kept locally: memory (default: no"
            + " disk flush at each commit; restored from the changelog at every start) or rocksdb (on disk, survives"
            + " a clean restart without a restore; RocksDB flushes a memtable at every exactly-once commit). Both"
            + " are changelogged to Kafka, and after a crash (SIGKILL) under exactly-once both are restored from the"
            + " changelog anyway.";

    public static final String RESET_STATE_CONFIG = "reset.state";
    private static final String RESET_STATE_DOC = "Drop this node's state for every partition once, at this start"
            + " (--reset-state): the local state directory is wiped, and each partition is emptied (through the"
            + " changelog) and synchronized again by the leader, stashing ingress from where this node's consumer"
            + " resumes. With several instances, an instance resets the partitions it takes at its start, each once; a"
            + " partition that moves to it later from a sibling keeps its state (restart every instance with the flag to"
            + " reset the whole node).";

    // --- Kafka Streams ----------------------------------------------------------------------

    public static final String STREAM_THREADS_CONFIG = "num.stream.threads";
    private static final String STREAM_THREADS_DOC = "Kafka Streams threads (one task per ingress partition is"
            + " spread over them).";

    public static final String STANDBY_REPLICAS_CONFIG = "num.standby.replicas";
    private static final String STANDBY_REPLICAS_DOC = "Standby replicas of each partition's state among the node's"
            + " other instances (Kafka Streams standby tasks): a partition that moves to an instance holding a standby"
            + " resumes without restoring its state from the changelog. Only matters when the node runs as several"
            + " instances.";

    public static final String SESSION_TIMEOUT_MS_CONFIG = "session.timeout.ms";
    private static final String SESSION_TIMEOUT_MS_DOC = "Consumer group session timeout. Failover does not depend"
            + " on it (heartbeats do); with static membership a restarted node takes its place back without waiting"
            + " for it.";

    public static final String REPLICATION_FACTOR_CONFIG = "replication.factor";
    private static final String REPLICATION_FACTOR_DOC = "Replication factor of the node's changelog topics; -1"
            + " takes the broker's default.";

    // --- Synchronization --------------------------------------------------------------------

    public static final String START_SYNCHRONIZED_CONFIG = "start.synchronized";
    private static final String START_SYNCHRONIZED_DOC = "Whether this node is the initial primary of a fresh"
            + " deployment (--initial-primary): a partition it has no state for counts as synchronized from the"
            + " beginning of the ingress log, which it reads from there. Any other node starts at the end of the log"
            + " and is synchronized by the leader (docs/design.md). Once a partition has state, its stored status"
            + " decides, so a restarted node keeps what it was.";

    public static final String SYNC_REQUEST_INTERVAL_MS_CONFIG = "sync.request.interval.ms";
    private static final String SYNC_REQUEST_INTERVAL_MS_DOC = "How often an unsynced partition repeats its"
            + " synchronization request until a checkpoint arrives (nobody answers while no leader is known), and"
            + " how often sessions are checked.";

    public static final String SYNC_SESSION_TIMEOUT_MS_CONFIG = "sync.session.timeout.ms";
    private static final String SYNC_SESSION_TIMEOUT_MS_DOC = "A backup abandons the checkpoint it is receiving"
            + " when its leader is silent this long (a leader restarted without a failover forgot its sessions), and"
            + " asks again; a move of leadership abandons it at once. The leader forgets a session whose backup is"
            + " silent four times as long. Generous, because a loaded leader may take a while to reach the start of"
            + " the backup's stash, and giving up a slow synchronization only starts it over.";

    public static final String SYNC_CHECKPOINT_CHUNK_BYTES_CONFIG = "sync.checkpoint.chunk.bytes";
    private static final String SYNC_CHECKPOINT_CHUNK_BYTES_DOC = "Upper bound of the contexts one checkpoint"
            + " message carries: state of any size is cut into chunks that fit Kafka's message size limit (1 MiB by"
            + " default).";

    public static final String SYNC_MAX_STASH_RECORDS_CONFIG = "sync.max.stash.records";
    private static final String SYNC_MAX_STASH_RECORDS_DOC = "Ingress records an unsynced partition may stash; past"
            + " it the stash is dropped and the synchronization starts over (logged).";

    public static final String SYNC_PROBE_INTERVAL_MS_CONFIG = "sync.probe.interval.ms";
    private static final String SYNC_PROBE_INTERVAL_MS_DOC = "How often the leader of a partition may send a probe"
            + " (the next slice of its contexts, in rotation) for backups to verify and repair their replica; 0"
            + " disables probes.";

    public static final String SYNC_PROBE_MAX_BYTES_CONFIG = "sync.probe.max.bytes";
    private static final String SYNC_PROBE_MAX_BYTES_DOC = "Upper bound of the contexts one probe carries: the slice"
            + " count grows with the state.";

    public static final String SYNC_PROBE_INGRESS_RATIO_CONFIG = "sync.probe.ingress.ratio";
    private static final String SYNC_PROBE_INGRESS_RATIO_DOC = "Probe bytes per ingress byte of the partition: a"
            + " probe is sent only once the ingress since the previous one pays for it, so that maintenance stays"
            + " this small a share of the traffic (half a percent by default) and an idle partition sends none.";

    // --- Testing ----------------------------------------------------------------------------

    public static final String TEST_CORRUPT_FLOW_CONFIG = "test.corrupt.flow";
    private static final String TEST_CORRUPT_FLOW_DOC = "TEST ONLY. A flow id whose stored state this node corrupts"
            + " once, after it got synchronized, without updating its digest (as silent memory corruption would), to"
            + " show that the selector catches it and the node resynchronizes. Never set it in production.";

    public static final String TEST_HOLD_RESYNC_MS_CONFIG = "test.hold.resync.ms";
    private static final String TEST_HOLD_RESYNC_MS_DOC = "TEST ONLY. How long this node holds a resync order"
            + " before obeying it: meanwhile the condemned partition stays as it was (its state diverged, its"
            + " outputs and heartbeats still saying synchronized), to show that the selector never chooses it while it"
            + " is ineligible; 0 obeys at once. Never set it in production.";

    /** Every key, its type, default, valid values and meaning. */
    public static final ConfigDef CONFIG_DEF = RoleConfigDefs.withTransactionKeys(RoleConfigDefs.withCommonKeys(
            new ConfigDef()
            .define(NODE_ID_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH, NODE_ID_DOC)
            .define(INSTANCE_ID_CONFIG, Type.STRING, null, Importance.MEDIUM, INSTANCE_ID_DOC)
            .define(FUNCTION_CONFIG, Type.STRING, "passthrough", Importance.HIGH, FUNCTION_DOC)
            .define(STARTUP_TIMEOUT_MS_CONFIG, Type.LONG, 120_000L, Range.atLeast(0), Importance.LOW,
                    STARTUP_TIMEOUT_MS_DOC)
            .define(HEARTBEAT_INTERVAL_MS_CONFIG, Type.LONG, 100L, Range.atLeast(10), Importance.MEDIUM,
                    HEARTBEAT_INTERVAL_MS_DOC)

            .define(STATE_DIR_CONFIG, Type.STRING, ".understudy/state", Importance.MEDIUM, STATE_DIR_DOC)
            .define(STATE_STORE_CONFIG, Type.STRING, NodeStores.Kind.IN_MEMORY.configValue(),
                    ConfigDef.ValidString.in(NodeStores.Kind.configValues()), Importance.LOW, STATE_STORE_DOC)
            .define(RESET_STATE_CONFIG, Type.BOOLEAN, false, Importance.MEDIUM, RESET_STATE_DOC)

            .define(STREAM_THREADS_CONFIG, Type.INT, 1, Range.atLeast(1), Importance.LOW, STREAM_THREADS_DOC)
            .define(STANDBY_REPLICAS_CONFIG, Type.INT, 0, Range.atLeast(0), Importance.LOW, STANDBY_REPLICAS_DOC)
            .define(SESSION_TIMEOUT_MS_CONFIG, Type.INT, 10_000, Range.atLeast(1), Importance.LOW,
                    SESSION_TIMEOUT_MS_DOC)
            .define(REPLICATION_FACTOR_CONFIG, Type.SHORT, (short) -1, Importance.LOW, REPLICATION_FACTOR_DOC)

            .define(START_SYNCHRONIZED_CONFIG, Type.BOOLEAN, false, Importance.HIGH, START_SYNCHRONIZED_DOC)
            .define(SYNC_REQUEST_INTERVAL_MS_CONFIG, Type.LONG, 1_000L, Range.atLeast(10), Importance.LOW,
                    SYNC_REQUEST_INTERVAL_MS_DOC)
            .define(SYNC_SESSION_TIMEOUT_MS_CONFIG, Type.LONG, 60_000L, Range.atLeast(100), Importance.LOW,
                    SYNC_SESSION_TIMEOUT_MS_DOC)
            .define(SYNC_CHECKPOINT_CHUNK_BYTES_CONFIG, Type.INT, 512 * 1024, Range.between(1_024, 8 * 1024 * 1024),
                    Importance.LOW, SYNC_CHECKPOINT_CHUNK_BYTES_DOC)
            .define(SYNC_MAX_STASH_RECORDS_CONFIG, Type.LONG, 2_000_000L, Range.atLeast(1), Importance.LOW,
                    SYNC_MAX_STASH_RECORDS_DOC)
            .define(SYNC_PROBE_INTERVAL_MS_CONFIG, Type.LONG, 5_000L, Range.atLeast(0), Importance.LOW,
                    SYNC_PROBE_INTERVAL_MS_DOC)
            .define(SYNC_PROBE_MAX_BYTES_CONFIG, Type.INT, 16 * 1024, Range.atLeast(256), Importance.LOW,
                    SYNC_PROBE_MAX_BYTES_DOC)
            .define(SYNC_PROBE_INGRESS_RATIO_CONFIG, Type.DOUBLE, 0.005, Range.atLeast(0.0), Importance.LOW,
                    SYNC_PROBE_INGRESS_RATIO_DOC)

            .define(TEST_CORRUPT_FLOW_CONFIG, Type.STRING, null, Importance.LOW, TEST_CORRUPT_FLOW_DOC)
            .define(TEST_HOLD_RESYNC_MS_CONFIG, Type.LONG, 0L, Range.atLeast(0), Importance.LOW,
                    TEST_HOLD_RESYNC_MS_DOC)));

    /**
     * @throws org.apache.kafka.common.config.ConfigException naming the first key that is unknown,
     *         missing or invalid
     */
    public NodeConfig(Map<String, ?> settings) {
        super(CONFIG_DEF, keys().requireKnown(settings, "node"), false);
        TopicNames.requireValidNodeId(nodeId());
        if (getString(INSTANCE_ID_CONFIG) != null && !TopicNames.NODE_ID.matcher(instanceId()).matches()) {
            throw new org.apache.kafka.common.config.ConfigException(INSTANCE_ID_CONFIG, instanceId(),
                    "an instance id is 1 to 64 letters, digits, '-' or '_'");
        }
    }

    public String nodeId() {
        return getString(NODE_ID_CONFIG);
    }

    /** This instance of the node ({@value #INSTANCE_ID_CONFIG}); the node id when the node runs as one instance. */
    public String instanceId() {
        String instance = getString(INSTANCE_ID_CONFIG);
        return instance == null ? nodeId() : instance;
    }

    /** True when the node runs as several instances and this is one of them (its id differs from the node's). */
    public boolean namedInstance() {
        return !instanceId().equals(nodeId());
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

    public String functionName() {
        return getString(FUNCTION_CONFIG);
    }

    public Path stateDir() {
        // instances of one node on one machine must not share a state directory (Kafka Streams locks it)
        return Path.of(getString(STATE_DIR_CONFIG)).resolve("node-" + nodeId()
                + (namedInstance() ? "." + instanceId() : ""));
    }

    /** Where session contexts are kept locally ({@value #STATE_STORE_CONFIG}). */
    public NodeStores.Kind stateStore() {
        return NodeStores.Kind.ofConfigValue(getString(STATE_STORE_CONFIG));
    }

    public Duration startupTimeout() {
        return Duration.ofMillis(getLong(STARTUP_TIMEOUT_MS_CONFIG));
    }

    public Duration heartbeatInterval() {
        return Duration.ofMillis(getLong(HEARTBEAT_INTERVAL_MS_CONFIG));
    }

    /** The traffic function's static configuration: every {@code function.*} key. */
    public FunctionConfig functionConfig() {
        Map<String, String> settings = new HashMap<>();
        originalsWithPrefix(FUNCTION_PREFIX, false).forEach((key, value) -> settings.put(key, String.valueOf(value)));
        return new FunctionConfig(settings);
    }

    /** Settings for every Kafka client of the node (the {@code kafka.*} keys, unprefixed). */
    public Map<String, Object> kafkaClientSettings() {
        return KafkaPassThrough.clientSettings(this, bootstrapServers());
    }

    /** How this node takes part in synchronization; {@code incarnation} identifies this process start. */
    public SyncSettings syncSettings(String incarnation) {
        return new SyncSettings(getBoolean(START_SYNCHRONIZED_CONFIG), getBoolean(RESET_STATE_CONFIG), incarnation,
                Duration.ofMillis(getLong(SYNC_REQUEST_INTERVAL_MS_CONFIG)), Duration.ofMillis(getLong(SYNC_SESSION_TIMEOUT_MS_CONFIG)),
                getInt(SYNC_CHECKPOINT_CHUNK_BYTES_CONFIG), getLong(SYNC_MAX_STASH_RECORDS_CONFIG),
                Duration.ofMillis(getLong(SYNC_PROBE_INTERVAL_MS_CONFIG)), getInt(SYNC_PROBE_MAX_BYTES_CONFIG),
                getDouble(SYNC_PROBE_INGRESS_RATIO_CONFIG), getString(TEST_CORRUPT_FLOW_CONFIG),
                Duration.ofMillis(getLong(TEST_HOLD_RESYNC_MS_CONFIG)));
    }

    /** Extra Kafka Streams settings (the {@code streams.*} keys, unprefixed). */
    public Map<String, Object> streamsOverrides() {
        return KafkaPassThrough.streamsOverrides(this);
    }

    /** The observability endpoint's port, or empty when {@code metrics.port=disabled}. */
    public java.util.OptionalInt metricsPort() {
        return MetricsPort.parse(METRICS_PORT_CONFIG, getString(METRICS_PORT_CONFIG));
    }

    public String metricsBindHost() {
        return getString(METRICS_BIND_HOST_CONFIG);
    }

    /** Every key a node understands (for environment overrides and {@code config --print}). */
    public static RoleKeys keys() {
        return RoleKeys.of(CONFIG_DEF, FUNCTION_PREFIX, KAFKA_PREFIX, STREAMS_PREFIX);
    }
}
