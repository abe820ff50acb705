package io.understudy.node;

import io.understudy.api.FunctionConfig;
import io.understudy.schemas.topics.TopicNames;
import java.nio.file.Path;
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

    public static final String FUNCTION_PREFIX = "function.";
    public static final String KAFKA_PREFIX = "kafka.";
    public static final String STREAMS_PREFIX = "streams.";

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
            .define(PRODUCER_LINGER_MS, Type.INT, 1, ConfigDef.Range.atLeast(0), Importance.LOW,
                    "linger.ms of the node's output producer.")
            .define(STREAM_THREADS, Type.INT, 1, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "Kafka Streams threads (one task per ingress partition is spread over them).")
            .define(SESSION_TIMEOUT_MS, Type.INT, 10_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "Consumer group session timeout. Failover does not depend on it (heartbeats do); with static"
                            + " membership a restarted node takes its place back without waiting for it.")
            .define(REPLICATION_FACTOR, Type.SHORT, (short) -1, Importance.LOW,
                    "Replication factor of the node's changelog topics; -1 takes the broker's default.")
            .define(START_SYNCHRONIZED, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Whether a partition this node has no state for counts as synchronized from the start of the"
                            + " ingress log (every node of a fresh deployment that starts with the log) rather than"
                            + " waiting to be synchronized by the leader.")
            .define(STATE_STORE, Type.STRING, "memory", ConfigDef.ValidString.in("rocksdb", "memory"), Importance.LOW,
                    "Where session contexts are kept locally: memory (default: no disk flush at each commit;"
                            + " restored from the changelog at every start) or rocksdb (on disk, survives a clean"
                            + " restart without a restore; RocksDB flushes a memtable at every exactly-once commit)."
                            + " Both are changelogged to Kafka, and after a crash (SIGKILL) under exactly-once both"
                            + " are restored from the changelog anyway.");

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
        Map<String, Object> settings = new HashMap<>(originalsWithPrefix(KAFKA_PREFIX));
        settings.put(BOOTSTRAP_SERVERS, bootstrapServers());
        return settings;
    }

    /** Extra Kafka Streams settings (the {@code streams.*} keys, unprefixed). */
    public Map<String, Object> streamsOverrides() {
        return originalsWithPrefix(STREAMS_PREFIX);
    }
}
