package io.understudy.bench.baseline;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Every setting of the baseline Streams application, with its default and its documentation side by
 * side. Values of -1 leave Kafka's own default in place, which is what "default settings" means in
 * the benchmark.
 */
public final class BaselineConfig extends AbstractConfig {

    public static final String APPLICATION_ID = "application.id";
    public static final String INSTANCE_ID = "instance.id";
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String INPUT_TOPIC = "input.topic";
    public static final String OUTPUT_TOPIC = "output.topic";
    public static final String STATE_DIR = "state.dir";
    public static final String COMMIT_INTERVAL_MS = "commit.interval.ms";
    public static final String PRODUCER_LINGER_MS = "producer.linger.ms";
    public static final String STANDBY_REPLICAS = "num.standby.replicas";
    public static final String GROUP_PROTOCOL = "group.protocol";
    public static final String SESSION_TIMEOUT_MS = "session.timeout.ms";
    public static final String HEARTBEAT_INTERVAL_MS = "heartbeat.interval.ms";
    public static final String TRANSACTION_TIMEOUT_MS = "transaction.timeout.ms";

    /** The header every output record carries: which instance produced it (the egress counter reads it). */
    public static final String INSTANCE_HEADER = "bench.instance";

    static final ConfigDef DEFINITION = new ConfigDef()
            .define(APPLICATION_ID, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                    "Kafka Streams application.id: instances with the same id share the work.")
            .define(INSTANCE_ID, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                    "This instance's name, put in the " + INSTANCE_HEADER + " header of every output record.")
            .define(BOOTSTRAP_SERVERS, Type.STRING, "127.0.0.1:9092", Importance.HIGH, "Kafka bootstrap servers.")
            .define(SCHEMA_REGISTRY_URL, Type.STRING, "http://127.0.0.1:8081", Importance.HIGH,
                    "Confluent-compatible schema registry: input and output are Avro TrafficPacket records,"
                            + " as on Understudy's ingress topic.")
            .define(INPUT_TOPIC, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH, "Topic read.")
            .define(OUTPUT_TOPIC, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH, "Topic written.")
            .define(STATE_DIR, Type.STRING, ".understudy/bench-state", Importance.MEDIUM, "Kafka Streams state.dir.")
            .define(COMMIT_INTERVAL_MS, Type.LONG, 20L, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                    "Exactly-once commit interval; 20, as an Understudy node (Kafka's default under exactly-once is 100).")
            .define(PRODUCER_LINGER_MS, Type.INT, 5, ConfigDef.Range.atLeast(0), Importance.LOW,
                    "linger.ms of the output producer; 5, as an Understudy node.")
            .define(STANDBY_REPLICAS, Type.INT, 0, ConfigDef.Range.atLeast(0), Importance.HIGH,
                    "num.standby.replicas: warm copies of each task's store on other instances.")
            .define(GROUP_PROTOCOL, Type.STRING, "", Importance.MEDIUM,
                    "Kafka Streams group.protocol (classic or streams); empty keeps Kafka's default.")
            .define(SESSION_TIMEOUT_MS, Type.INT, -1, Importance.MEDIUM,
                    "Consumer session.timeout.ms (classic protocol): how long a dead instance keeps its tasks;"
                            + " -1 keeps Kafka's default (45000).")
            .define(HEARTBEAT_INTERVAL_MS, Type.INT, -1, Importance.MEDIUM,
                    "Consumer heartbeat.interval.ms; -1 keeps Kafka's default (3000).")
            .define(TRANSACTION_TIMEOUT_MS, Type.INT, -1, Importance.MEDIUM,
                    "Producer transaction.timeout.ms: a killed instance's open transaction blocks read_committed"
                            + " readers of its output partitions until the broker aborts it after this long;"
                            + " -1 keeps Kafka Streams' default (10000 under exactly-once).");

    public BaselineConfig(Map<String, ?> values) {
        super(DEFINITION, values, false);
    }

    /** The settings as documentation (for --help like output). */
    public static String describe() {
        return DEFINITION.toRst();
    }
}
