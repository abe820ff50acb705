package io.understudy.node;

import io.understudy.api.FunctionConfig;
import io.understudy.config.RoleKeys;
import io.understudy.config.kafka.KafkaPassThrough;
import io.understudy.node.sync.SyncSettings;
import io.understudy.observability.MetricsPort;
import io.understudy.schemas.topics.TopicNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Every setting of a node, with its default and its documentation side by side.
 *
 * <p>Keys starting with {@code function.} are the traffic function's static configuration
 * (part of the node's static information). Keys starting with {@code kafka.} are passed, without
 * the prefix, to every Kafka client of the node (security settings, for instance); keys starting
 * with {@code streams.} only to Kafka Streams.
 */
public final class NodeConfig extends AbstractConfig {

    public static final String NODE_ID = "node.id";
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String TOPIC_PREFIX = "topic.prefix";
    public static final String FUNCTION = "function";
    public static final String STATE_DIR = "state.dir";
    public static final String HEARTBEAT_INTERVAL_MS = "heartbeat.interval.ms";
    public static final String COMMIT_INTERVAL_MS = "commit.interval.ms";
    public static final String PRODUCER_LINGER_MS = "producer.linger.ms";
    public static final String STREAM_THREADS = "num.stream.threads";
    public static final String SESSION_TIMEOUT_MS = "session.timeout.ms";
    public static final String REPLICATION_FACTOR = "replication.factor";
    public static final String START_SYNCHRONIZED = "start.synchronized";
    public static final String STATE_STORE = "state.store";
    public static final String RESET_STATE = "reset.state";
    public static final String SYNC_REQUEST_INTERVAL_MS = "sync.request.interval.ms";
    public static final String SYNC_SESSION_TIMEOUT_MS = "sync.session.timeout.ms";
    public static final String SYNC_CHECKPOINT_CHUNK_BYTES = "sync.checkpoint.chunk.bytes";
    public static final String SYNC_MAX_STASH_RECORDS = "sync.max.stash.records";
    public static final String SYNC_PROBE_INTERVAL_MS = "sync.probe.interval.ms";
    public static final String SYNC_PROBE_MAX_BYTES = "sync.probe.max.bytes";
    public static final String SYNC_PROBE_INGRESS_RATIO = "sync.probe.ingress.ratio";
    public static final String TEST_CORRUPT_FLOW = "test.corrupt.flow";
    public static final String STARTUP_TIMEOUT_MS = "startup.timeout.ms";
    public static final String METRICS_PORT = "metrics.port";
    public static final String METRICS_BIND_HOST = "metrics.bind.host";

    public static final String FUNCTION_PREFIX = "function.";
    public static final String KAFKA_PREFIX = KafkaPassThrough.KAFKA_PREFIX;
    public static final String STREAMS_PREFIX = KafkaPassThrough.STREAMS_PREFIX;

    static final ConfigDef DEFINITION = new ConfigDef()
            .define(NODE_ID, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                    "This node's id: letters, digits, '-' and '_'. Names its output topic (node.<id>.out) and its"
                            + " Kafka Streams application id; must be unique in the deployment and stable across restarts.")
            .define(BOOTSTRAP_SERVERS, Type.STRING, "127.0.0.1:9092", Importance.HIGH,
                    "Kafka bootstrap servers.")
            .define(SCHEMA_REGISTRY_URL, Type.STRING, "http://127.0.0.1:8081", Importance.HIGH,
                    "Base URL of a Confluent-compatible schema registry (for Apicurio: .../apis/ccompat/v7).")
            .define(TOPIC_PREFIX, Type.STRING, TopicNames.DEFAULT_PREFIX, Importance.MEDIUM,
                    "Prefix of every Understudy topic.")
            .define(FUNCTION, Type.STRING, "passthrough", Importance.HIGH,
                    "The traffic function to run (passthrough, router, security-engine, or one of your own).")
            .define(STATE_DIR, Type.STRING, ".understudy/state", Importance.MEDIUM,
                    "Directory for the node's local state (RocksDB); a subdirectory per node id is used.")
            .define(HEARTBEAT_INTERVAL_MS, Type.LONG, 100L, ConfigDef.Range.atLeast(10), Importance.MEDIUM,
                    "How often the node publishes a heartbeat while it processes.")
            .define(COMMIT_INTERVAL_MS, Type.LONG, 20L, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                    "Exactly-once commit interval: outputs become visible to the selector at each commit, so it"
                            + " bounds latency from below. Kafka Streams' own default (100) is slower.")
            .define(PRODUCER_LINGER_MS, Type.INT, 5, ConfigDef.Range.atLeast(0), Importance.LOW,
                    "linger.ms of the node's exactly-once producer (outputs, changelogs, sync). 5 rather than 1:"
                            + " fewer, fuller produce requests keep the broker's answers quick, which every commit"
                            + " waits for (p99 at 5,000 records/s 125-129 ms instead of 205-214 ms in A/B runs).")
            .define(STREAM_THREADS, Type.INT, 1, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "Kafka Streams threads (one task per ingress partition is spread over them).")
            .define(SESSION_TIMEOUT_MS, Type.INT, 10_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "Consumer group session timeout. Failover does not depend on it (heartbeats do); with static"
                            + " membership a restarted node takes its place back without waiting for it.")
            .define(REPLICATION_FACTOR, Type.SHORT, (short) -1, Importance.LOW,
                    "Replication factor of the node's changelog topics; -1 takes the broker's default.")
            .define(START_SYNCHRONIZED, Type.BOOLEAN, false, Importance.HIGH,
                    "Whether this node is the initial primary of a fresh deployment (--initial-primary): a partition"
                            + " it has no state for counts as synchronized from the beginning of the ingress log, which it"
                            + " reads from there. Any other node starts at the end of the log and is synchronized by the"
                            + " leader (docs/design.md). Once a partition has state, its stored status"
                            + " decides, so a restarted node keeps what it was.")
            .define(STATE_STORE, Type.STRING, "memory", ConfigDef.ValidString.in("rocksdb", "memory"), Importance.LOW,
                    "Where session contexts are kept locally: memory (default: no disk flush at each commit;"
                            + " restored from the changelog at every start) or rocksdb (on disk, survives a clean"
                            + " restart without a restore; RocksDB flushes a memtable at every exactly-once commit)."
                            + " Both are changelogged to Kafka, and after a crash (SIGKILL) under exactly-once both"
                            + " are restored from the changelog anyway.")
            .define(RESET_STATE, Type.BOOLEAN, false, Importance.MEDIUM,
                    "Drop this node's state for every partition once, at this start (--reset-state): the local"
                            + " state directory is wiped, and each partition is emptied (through the changelog) and"
                            + " synchronized again by the leader, stashing ingress from where this node's consumer"
                            + " resumes.")
            .define(SYNC_REQUEST_INTERVAL_MS, Type.LONG, 1_000L, ConfigDef.Range.atLeast(10), Importance.LOW,
                    "How often an unsynced partition repeats its synchronization request until a checkpoint"
                            + " arrives (nobody answers while no leader is known), and how often sessions are checked.")
            .define(SYNC_SESSION_TIMEOUT_MS, Type.LONG, 60_000L, ConfigDef.Range.atLeast(100), Importance.LOW,
                    "A backup abandons the checkpoint it is receiving when its leader is silent this long (a leader"
                            + " restarted without a failover forgot its sessions), and asks again; a move of leadership"
                            + " abandons it at once. The leader forgets a session whose backup is silent four times as"
                            + " long. Generous, because a loaded leader may take a while to reach the start of the"
                            + " backup's stash, and giving up a slow synchronization only starts it over.")
            .define(SYNC_CHECKPOINT_CHUNK_BYTES, Type.INT, 512 * 1024, ConfigDef.Range.between(1_024, 8 * 1024 * 1024),
                    Importance.LOW,
                    "Upper bound of the contexts one checkpoint message carries: state of any size is cut into"
                            + " chunks that fit Kafka's message size limit (1 MiB by default).")
            .define(SYNC_MAX_STASH_RECORDS, Type.LONG, 2_000_000L, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "Ingress records an unsynced partition may stash; past it the stash is dropped and the"
                            + " synchronization starts over (logged).")
            .define(SYNC_PROBE_INTERVAL_MS, Type.LONG, 5_000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                    "How often the leader of a partition may send a probe (the next slice of its contexts, in"
                            + " rotation) for backups to verify and repair their replica; 0 disables probes.")
            .define(SYNC_PROBE_MAX_BYTES, Type.INT, 16 * 1024, ConfigDef.Range.atLeast(256), Importance.LOW,
                    "Upper bound of the contexts one probe carries: the slice count grows with the state.")
            .define(SYNC_PROBE_INGRESS_RATIO, Type.DOUBLE, 0.005, ConfigDef.Range.atLeast(0.0), Importance.LOW,
                    "Probe bytes per ingress byte of the partition: a probe is sent only once the ingress since the"
                            + " previous one pays for it, so that maintenance stays this small a share of the traffic"
                            + " (half a percent by default) and an idle partition sends none.")
            .define(STARTUP_TIMEOUT_MS, Type.LONG, 120_000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                    "How long a starting node keeps retrying when the cluster does not answer in time (provisioning"
                            + " its output topic, settling its start positions) before it gives up.")
            .define(METRICS_PORT, Type.STRING, "0", MetricsPort.VALIDATOR, Importance.MEDIUM,
                    "Port of the node's observability endpoint: GET /metrics (Prometheus), /health/live and"
                            + " /health/ready. 0 picks a free port (the address is logged: \"observability endpoint"
                            + " listening on http://...\"); 'disabled' serves none.")
            .define(METRICS_BIND_HOST, Type.STRING, "127.0.0.1", new ConfigDef.NonEmptyString(), Importance.LOW,
                    "Address the observability endpoint listens on; 0.0.0.0 for every interface (a Prometheus on"
                            + " another host).")
            .define(TEST_CORRUPT_FLOW, Type.STRING, null, Importance.LOW,
                    "TEST ONLY. A flow id whose stored state this node corrupts once, after it got synchronized, without"
                            + " updating its digest (as silent memory corruption would), to show that the selector"
                            + " catches it and the node resynchronizes. Never set it in production.");

    public NodeConfig(Map<String, ?> settings) {
        super(DEFINITION, settings, false);
        TopicNames.requireValidNodeId(nodeId());
    }

    public static ConfigDef definition() {
        return DEFINITION;
    }

    public String nodeId() {
        return getString(NODE_ID);
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

    public String functionName() {
        return getString(FUNCTION);
    }

    public Path stateDir() {
        return Path.of(getString(STATE_DIR)).resolve("node-" + nodeId());
    }

    public io.understudy.node.processing.NodeStores.Kind storeKind() {
        return "memory".equals(getString(STATE_STORE)) ? io.understudy.node.processing.NodeStores.Kind.IN_MEMORY
                : io.understudy.node.processing.NodeStores.Kind.PERSISTENT;
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
        return new SyncSettings(getBoolean(START_SYNCHRONIZED), getBoolean(RESET_STATE), incarnation,
                Duration.ofMillis(getLong(SYNC_REQUEST_INTERVAL_MS)), Duration.ofMillis(getLong(SYNC_SESSION_TIMEOUT_MS)),
                getInt(SYNC_CHECKPOINT_CHUNK_BYTES), getLong(SYNC_MAX_STASH_RECORDS),
                Duration.ofMillis(getLong(SYNC_PROBE_INTERVAL_MS)), getInt(SYNC_PROBE_MAX_BYTES),
                getDouble(SYNC_PROBE_INGRESS_RATIO), getString(TEST_CORRUPT_FLOW));
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

    /** Every key a node understands (for environment overrides and {@code config --print}). */
    public static RoleKeys keys() {
        return RoleKeys.of(DEFINITION, FUNCTION_PREFIX, KAFKA_PREFIX, STREAMS_PREFIX);
    }
}
