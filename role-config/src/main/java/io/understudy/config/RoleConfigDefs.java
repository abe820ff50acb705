package io.understudy.config;

import io.understudy.observability.MetricsPort;
import io.understudy.schemas.topics.TopicNames;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The keys more than one role has, each defined once here with its default and its one doc, in
 * the manner of Kafka's {@code CommonClientConfigs} and {@code ProducerConfig.withClientSslSupport()}:
 * a role's {@code ConfigDef} starts from {@link #withCommonKeys} (every role: where the cluster and the
 * registry are, the topic prefix, the observability endpoint) and, for the roles that write in
 * transactions (node and selector), {@link #withTransactionKeys}. A role documents its own keys
 * itself; a key defined here means the same in every role, so {@code docs/configuration.md} and
 * the roles cannot drift apart.
 *
 * <p>{@value #BOOTSTRAP_SERVERS_CONFIG} and {@value #SCHEMA_REGISTRY_URL_CONFIG} have no default in
 * any role. Kafka's own clients require {@code bootstrap.servers} too: a role that quietly took
 * {@code 127.0.0.1:9092} when it was not told would, on any host but a developer's, spend its
 * start-up timeout warning about a broker that is not there (or, on a developer's host, join
 * whatever cluster listens there), when the mistake is a missing setting. Every deployment names
 * its cluster ({@code understudy demo}, compose and the tests always do), so a role refuses to
 * start without it, with one line naming the key. The registry likewise: the node's and selector's
 * former default, {@code http://127.0.0.1:8081}, was not even the API of {@code understudy local}'s
 * registry (under {@code /apis/ccompat/v7}).
 */
public final class RoleConfigDefs {

    public static final String BOOTSTRAP_SERVERS_CONFIG = "bootstrap.servers";
    public static final String BOOTSTRAP_SERVERS_DOC = "The Kafka cluster, host:port[,host:port...]. Required:"
            + " no role guesses where the cluster is.";

    public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";
    public static final String SCHEMA_REGISTRY_URL_DOC = "Base URL of the Confluent-compatible schema registry API"
            + " where Understudy's Avro schemas are registered (for Apicurio: http://host:port/apis/ccompat/v7)."
            + " Required.";

    public static final String TOPIC_PREFIX_CONFIG = "topic.prefix";
    public static final String TOPIC_PREFIX_DOC = "Prefix of every Understudy topic name (<prefix>ingress,"
            + " <prefix>node.<id>.out, <prefix>egress, ...): letters, digits, '.', '_' and '-'. Every role of one"
            + " deployment uses the same; several deployments can share a cluster under different prefixes."
            + " understudy topics --create makes the shared topics.";

    public static final String METRICS_PORT_CONFIG = "metrics.port";
    public static final String METRICS_PORT_DOC = "Port of the role's observability endpoint: GET /metrics"
            + " (Prometheus), /health/live and /health/ready; the selector's also serves the status page (/) and its"
            + " JSON (/api/status). Separate from the bridge's HTTP ingress endpoint, so it needs no token. 0 picks a"
            + " free port (the address is logged: \"observability endpoint listening on http://...\"); 'disabled'"
            + " serves none.";

    public static final String METRICS_BIND_HOST_CONFIG = "metrics.bind.host";
    public static final String METRICS_BIND_HOST_DOC = "Address the observability endpoint listens on; 0.0.0.0 for"
            + " every interface (a Prometheus on another host).";

    public static final String COMMIT_INTERVAL_MS_CONFIG = "commit.interval.ms";
    public static final String COMMIT_INTERVAL_MS_DOC = "How often the role commits its transaction, in ms: a node's"
            + " outputs, and the selector's egress, become visible to their readers at each commit, so it bounds"
            + " latency from below (Kafka Streams' default, 100, would be slower).";

    public static final String PRODUCER_LINGER_MS_CONFIG = "producer.linger.ms";
    public static final String PRODUCER_LINGER_MS_DOC = "linger.ms of the role's transactional producers (a node's"
            + " outputs, changelogs and sync; the selector's egress, leadership and state). 5 rather than 1: fewer,"
            + " fuller produce requests keep the broker's answers quick, which every commit waits for (a node's p99"
            + " at 5,000 records/s 125-129 ms instead of 205-214 ms in A/B runs).";

    /** For {@value #TOPIC_PREFIX_CONFIG}: what {@link TopicNames} accepts. */
    private static final ConfigDef.Validator TOPIC_PREFIX_VALIDATOR = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                new TopicNames(value == null ? null : value.toString());
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "[a-zA-Z0-9._-]{0,150}";
        }
    };

    private RoleConfigDefs() {
    }

    /** Adds the keys of every role to {@code definition}, and returns it. */
    public static ConfigDef withCommonKeys(ConfigDef definition) {
        return definition
                .define(BOOTSTRAP_SERVERS_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                        Importance.HIGH, BOOTSTRAP_SERVERS_DOC)
                .define(SCHEMA_REGISTRY_URL_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
                        new ConfigDef.NonEmptyString(), Importance.HIGH, SCHEMA_REGISTRY_URL_DOC)
                .define(TOPIC_PREFIX_CONFIG, Type.STRING, TopicNames.DEFAULT_PREFIX, TOPIC_PREFIX_VALIDATOR,
                        Importance.MEDIUM, TOPIC_PREFIX_DOC)
                .define(METRICS_PORT_CONFIG, Type.STRING, "0", MetricsPort.VALIDATOR, Importance.MEDIUM,
                        METRICS_PORT_DOC)
                .define(METRICS_BIND_HOST_CONFIG, Type.STRING, "127.0.0.1", new ConfigDef.NonEmptyString(),
                        Importance.LOW, METRICS_BIND_HOST_DOC);
    }

    /** Adds the keys of the roles that write in transactions (node, selector), and returns it. */
    public static ConfigDef withTransactionKeys(ConfigDef definition) {
        return definition
                .define(COMMIT_INTERVAL_MS_CONFIG, Type.LONG, 20L, Range.atLeast(1), Importance.MEDIUM,
                        COMMIT_INTERVAL_MS_DOC)
                .define(PRODUCER_LINGER_MS_CONFIG, Type.INT, 5, Range.atLeast(0), Importance.LOW,
                        PRODUCER_LINGER_MS_DOC);
    }
}
