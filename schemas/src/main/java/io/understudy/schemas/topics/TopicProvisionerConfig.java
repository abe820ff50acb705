package io.understudy.schemas.topics;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Configuration of a {@link TopicProvisioner}: every key with its default and meaning below.
 * Keys starting with {@value #ADMIN_PREFIX} are handed, without the prefix, to the Kafka
 * {@code Admin} client (e.g. {@code admin.security.protocol}).
 */
public final class TopicProvisionerConfig extends AbstractConfig {

    public static final String BOOTSTRAP_SERVERS_CONFIG = "bootstrap.servers";
    private static final String BOOTSTRAP_SERVERS_DOC = "The Kafka cluster to provision, host:port[,host:port...].";

    public static final String TOPIC_PREFIX_CONFIG = "topic.prefix";
    private static final String TOPIC_PREFIX_DOC = "Prefix of every Understudy topic name.";

    public static final String INGRESS_RETENTION_MS_CONFIG = "ingress.retention.ms";
    private static final String INGRESS_RETENTION_MS_DOC =
            "How long the ingress topic keeps packets (for audit replay), in ms; -1 keeps them for ever.";

    public static final String HEARTBEATS_RETENTION_MS_CONFIG = "heartbeats.retention.ms";
    private static final String HEARTBEATS_RETENTION_MS_DOC =
            "How long the heartbeats topic keeps heartbeats, in ms; only the latest few ever matter.";

    public static final String TIMEOUT_MS_CONFIG = "timeout.ms";
    private static final String TIMEOUT_MS_DOC = "How long to wait for Kafka to answer each admin request, in ms, "
            + "before reporting it unreachable.";

    /** Prefix of the keys passed through to the Kafka Admin client. */
    public static final String ADMIN_PREFIX = "admin.";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(BOOTSTRAP_SERVERS_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
                    new ConfigDef.NonEmptyString(), Importance.HIGH, BOOTSTRAP_SERVERS_DOC)
            .define(TOPIC_PREFIX_CONFIG, Type.STRING, TopicNames.DEFAULT_PREFIX, Importance.MEDIUM, TOPIC_PREFIX_DOC)
            .define(INGRESS_RETENTION_MS_CONFIG, Type.LONG, TopicRetention.DEFAULT_INGRESS.toMillis(),
                    Range.atLeast(-1), Importance.MEDIUM, INGRESS_RETENTION_MS_DOC)
            .define(HEARTBEATS_RETENTION_MS_CONFIG, Type.LONG, TopicRetention.DEFAULT_HEARTBEATS.toMillis(),
                    Range.atLeast(1), Importance.LOW, HEARTBEATS_RETENTION_MS_DOC)
            .define(TIMEOUT_MS_CONFIG, Type.INT, 15_000, Range.atLeast(1), Importance.LOW, TIMEOUT_MS_DOC);

    public TopicProvisionerConfig(Map<String, ?> originals) {
        super(CONFIG_DEF, originals);
    }

    /** A configuration with every default, against the given cluster. */
    public static TopicProvisionerConfig forCluster(String bootstrapServers) {
        return new TopicProvisionerConfig(Map.of(BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    public String bootstrapServers() {
        return getString(BOOTSTRAP_SERVERS_CONFIG);
    }

    public TopicNames topicNames() {
        return new TopicNames(getString(TOPIC_PREFIX_CONFIG));
    }

    public TopicRetention retention() {
        return new TopicRetention(Duration.ofMillis(getLong(INGRESS_RETENTION_MS_CONFIG)),
                Duration.ofMillis(getLong(HEARTBEATS_RETENTION_MS_CONFIG)));
    }

    public Duration timeout() {
        return Duration.ofMillis(getInt(TIMEOUT_MS_CONFIG));
    }

    /** The Admin client's configuration: bounded timeouts, plus every {@value #ADMIN_PREFIX} key. */
    Map<String, Object> adminConfigs() {
        Map<String, Object> admin = new HashMap<>(originalsWithPrefix(ADMIN_PREFIX));
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        int timeoutMs = getInt(TIMEOUT_MS_CONFIG);
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        admin.put(AdminClientConfig.CLIENT_ID_CONFIG, "understudy-topic-provisioner");
        return admin;
    }
}
