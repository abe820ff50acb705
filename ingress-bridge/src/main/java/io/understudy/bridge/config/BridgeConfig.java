package io.understudy.bridge.config;

import io.understudy.bridge.tcp.frame.FrameFormat;
import io.understudy.config.RoleConfigDefs;
import io.understudy.config.RoleKeys;
import io.understudy.config.kafka.KafkaPassThrough;
import io.understudy.observability.MetricsPort;
import io.understudy.schemas.topics.TopicNames;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Configuration of the ingress bridge: every key with its default and meaning below.
 *
 * <p>Keys starting with {@value #KAFKA_PREFIX} are handed, without the prefix, to every Kafka client
 * of the bridge (its producer and the admin client of its health probe), as for every role: e.g.
 * {@code kafka.security.protocol=SASL_SSL}. Keys starting with {@value #PRODUCER_PREFIX} go to the
 * producer only and win over {@code kafka.*} (e.g. {@code producer.compression.type=lz4}).
 * A few producer settings are the bridge's promise to senders and cannot be changed:
 * {@code enable.idempotence=true} and {@code acks=all} (an ack means the write is replicated),
 * at most 5 requests in flight (so idempotence keeps per-partition order). The keys every role
 * shares are {@link RoleConfigDefs}'. Any other key is refused, so that a typo does not silently
 * leave a default in place.
 */
public final class BridgeConfig extends AbstractConfig {

    /** Prefix of the keys passed through to the Kafka producer. */
    public static final String PRODUCER_PREFIX = "producer.";

    /** Prefix of the keys passed through to every Kafka client of the bridge (connection and security settings). */
    public static final String KAFKA_PREFIX = KafkaPassThrough.KAFKA_PREFIX;

    // --- Kafka, the schema registry, topics, observability: RoleConfigDefs -------------------

    public static final String BOOTSTRAP_SERVERS_CONFIG = RoleConfigDefs.BOOTSTRAP_SERVERS_CONFIG;
    public static final String SCHEMA_REGISTRY_URL_CONFIG = RoleConfigDefs.SCHEMA_REGISTRY_URL_CONFIG;
    public static final String TOPIC_PREFIX_CONFIG = RoleConfigDefs.TOPIC_PREFIX_CONFIG;
    public static final String METRICS_PORT_CONFIG = RoleConfigDefs.METRICS_PORT_CONFIG;
    public static final String METRICS_BIND_HOST_CONFIG = RoleConfigDefs.METRICS_BIND_HOST_CONFIG;

    // --- TCP endpoint -------------------------------------------------------------------------

    public static final String TCP_PORT_CONFIG = "tcp.port";
    private static final String TCP_PORT_DOC = "Port of the TCP endpoint; 0 picks a free port, -1 disables the endpoint.";

    public static final String TCP_BIND_HOST_CONFIG = "tcp.bind.host";
    private static final String TCP_BIND_HOST_DOC = "Address the TCP endpoint listens on; 0.0.0.0 for every interface.";

    public static final String TCP_MAX_FRAME_BYTES_CONFIG = "tcp.max.frame.bytes";
    private static final String TCP_MAX_FRAME_BYTES_DOC = "Largest frame accepted, counted as the frame's length "
            + "field does (type byte + body). A longer frame is skipped without being buffered, answered with "
            + "PAYLOAD_TOO_LARGE, and the connection goes on. At most " + FrameFormat.MAX_LENGTH
            + " (the length beyond which the bridge closes the connection).";

    public static final String TCP_MAX_CONNECTIONS_CONFIG = "tcp.max.connections";
    private static final String TCP_MAX_CONNECTIONS_DOC = "Most TCP connections open at once; one more is answered "
            + "with TOO_MANY_CONNECTIONS and closed.";

    public static final String TCP_MAX_PENDING_FRAMES_CONFIG = "tcp.max.pending.frames";
    private static final String TCP_MAX_PENDING_FRAMES_DOC = "Most frames of one connection waiting for their "
            + "reply (Kafka has not answered yet, or the client is not reading replies). Above it the bridge stops "
            + "reading that connection until replies drain: backpressure instead of unbounded buffering.";

    // --- HTTP endpoint ------------------------------------------------------------------------

    public static final String HTTP_PORT_CONFIG = "http.port";
    private static final String HTTP_PORT_DOC = "Port of the HTTP endpoint; 0 picks a free port, -1 disables the endpoint.";

    public static final String HTTP_BIND_HOST_CONFIG = "http.bind.host";
    private static final String HTTP_BIND_HOST_DOC = "Address the HTTP endpoint listens on; 0.0.0.0 for every interface.";

    public static final String HTTP_MAX_BODY_BYTES_CONFIG = "http.max.body.bytes";
    private static final String HTTP_MAX_BODY_BYTES_DOC = "Largest packet body accepted by POST /flows/{flowId}/packets; "
            + "a larger one is answered 413.";

    public static final String HTTP_ACK_TIMEOUT_MS_CONFIG = "http.ack.timeout.ms";
    private static final String HTTP_ACK_TIMEOUT_MS_DOC = "How long a POST waits for Kafka's acknowledgement before "
            + "answering 503. The packet may still be written afterwards (it stays with the producer until "
            + "producer.delivery.timeout.ms), so a client that retries may write it twice: a numbered packet"
            + " (Understudy-Sequence header) is then applied once by the nodes, an unnumbered one at least once.";

    public static final String HTTP_THREADS_CONFIG = "http.threads";
    private static final String HTTP_THREADS_DOC = "Threads serving HTTP requests; each waits for its packet's "
            + "acknowledgement, so this bounds the number of POSTs in flight.";

    // --- HTTP security ------------------------------------------------------------------------

    public static final String HTTP_TLS_KEYSTORE_LOCATION_CONFIG = "http.tls.keystore.location";
    private static final String HTTP_TLS_KEYSTORE_LOCATION_DOC = "PKCS12 key store with the HTTP endpoint's private key"
            + " and certificate chain. Set: the endpoint speaks HTTPS only. Empty (default): plain HTTP.";

    public static final String HTTP_TLS_KEYSTORE_PASSWORD_CONFIG = "http.tls.keystore.password";
    private static final String HTTP_TLS_KEYSTORE_PASSWORD_DOC = "Password of the key store and of its key.";

    public static final String HTTP_TLS_TRUSTSTORE_LOCATION_CONFIG = "http.tls.truststore.location";
    private static final String HTTP_TLS_TRUSTSTORE_LOCATION_DOC = "PKCS12 trust store of the authorities whose client"
            + " certificates authenticate a sender (http.auth.mode client-certificate or token-or-client-certificate).";

    public static final String HTTP_TLS_TRUSTSTORE_PASSWORD_CONFIG = "http.tls.truststore.password";
    private static final String HTTP_TLS_TRUSTSTORE_PASSWORD_DOC = "Password of the trust store.";

    public static final String HTTP_AUTH_MODE_CONFIG = "http.auth.mode";
    private static final String HTTP_AUTH_MODE_DOC = "Who may POST packets: none (anyone; default), token (an"
            + " 'Authorization: Bearer <http.auth.token>' header), client-certificate (a TLS client certificate issued by"
            + " an authority of http.tls.truststore.location), or token-or-client-certificate (either). A request"
            + " without them is answered 401 and counted (rejected UNAUTHENTICATED in /metrics). GET /health and"
            + " /metrics stay open, for health checks.";

    public static final String HTTP_AUTH_TOKEN_CONFIG = "http.auth.token";
    private static final String HTTP_AUTH_TOKEN_DOC = "The bearer token senders must present (http.auth.mode token or"
            + " token-or-client-certificate). Prefer the environment (UNDERSTUDY_HTTP_AUTH_TOKEN) to a file.";

    /** Values of {@value #HTTP_AUTH_MODE_CONFIG}. */
    public static final List<String> HTTP_AUTH_MODES = List.of("none", "token", "client-certificate",
            "token-or-client-certificate");

    // --- Health -------------------------------------------------------------------------------

    public static final String HEALTH_PROBE_INTERVAL_MS_CONFIG = "health.probe.interval.ms";
    private static final String HEALTH_PROBE_INTERVAL_MS_DOC = "How often the bridge asks Kafka whether the ingress "
            + "topic is reachable. The latest evidence, a probe or a send, decides: while "
            + "it says Kafka is unreachable, packets are refused at once (TCP ERROR KAFKA_UNAVAILABLE, HTTP 503) and "
            + "GET /health answers 503; the next probe that passes lets them through again.";

    public static final String HEALTH_PROBE_TIMEOUT_MS_CONFIG = "health.probe.timeout.ms";
    private static final String HEALTH_PROBE_TIMEOUT_MS_DOC = "How long one probe waits for Kafka before calling it "
            + "unreachable; also how long the bridge waits for Kafka when it starts (it starts either way). Generous, "
            + "because a probe that times out on a busy machine refuses packets until the next one passes.";

    // --- Producer settings the bridge sets its own defaults for ------------------------------

    public static final String PRODUCER_LINGER_MS_CONFIG = PRODUCER_PREFIX + ProducerConfig.LINGER_MS_CONFIG;
    private static final String PRODUCER_LINGER_MS_DOC = "How long the producer waits to fill a batch. Small, "
            + "because ingress-to-egress latency is the point of the system.";

    public static final String PRODUCER_DELIVERY_TIMEOUT_MS_CONFIG = PRODUCER_PREFIX + ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG;
    private static final String PRODUCER_DELIVERY_TIMEOUT_MS_DOC = "Upper bound on the time between handing a packet "
            + "to the producer and its success or failure; a TCP sender gets its ACK or ERROR within it. Must be at "
            + "least producer.linger.ms + producer.request.timeout.ms.";

    public static final String PRODUCER_REQUEST_TIMEOUT_MS_CONFIG = PRODUCER_PREFIX + ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG;
    private static final String PRODUCER_REQUEST_TIMEOUT_MS_DOC = "How long the producer waits for one produce request.";

    public static final String PRODUCER_MAX_BLOCK_MS_CONFIG = PRODUCER_PREFIX + ProducerConfig.MAX_BLOCK_MS_CONFIG;
    private static final String PRODUCER_MAX_BLOCK_MS_DOC = "Longest a send may block the receiving thread when the "
            + "producer's buffer is full; kept short because the TCP endpoint reads every connection on one thread.";

    public static final String PRODUCER_MAX_IN_FLIGHT_CONFIG = PRODUCER_PREFIX + ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION;
    private static final String PRODUCER_MAX_IN_FLIGHT_DOC = "Produce requests in flight per broker; 1 to 5, the "
            + "range in which the idempotent producer keeps per-partition order across retries.";

    public static final String PRODUCER_CLIENT_ID_CONFIG = PRODUCER_PREFIX + ProducerConfig.CLIENT_ID_CONFIG;
    private static final String PRODUCER_CLIENT_ID_DOC = "The producer's client id, as brokers log and quota it.";

    /** Every key, its type, default, valid values and meaning. */
    public static final ConfigDef CONFIG_DEF = RoleConfigDefs.withCommonKeys(new ConfigDef())
            .define(TCP_PORT_CONFIG, Type.INT, 7400, Range.between(-1, 65535), Importance.HIGH, TCP_PORT_DOC)
            .define(TCP_BIND_HOST_CONFIG, Type.STRING, "127.0.0.1", new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, TCP_BIND_HOST_DOC)
            .define(TCP_MAX_FRAME_BYTES_CONFIG, Type.INT, 64 * 1024, Range.between(2, FrameFormat.MAX_LENGTH),
                    Importance.MEDIUM, TCP_MAX_FRAME_BYTES_DOC)
            .define(TCP_MAX_CONNECTIONS_CONFIG, Type.INT, 1024, Range.atLeast(1), Importance.MEDIUM,
                    TCP_MAX_CONNECTIONS_DOC)
            .define(TCP_MAX_PENDING_FRAMES_CONFIG, Type.INT, 4096, Range.atLeast(1), Importance.LOW,
                    TCP_MAX_PENDING_FRAMES_DOC)

            .define(HTTP_PORT_CONFIG, Type.INT, 7480, Range.between(-1, 65535), Importance.HIGH, HTTP_PORT_DOC)
            .define(HTTP_BIND_HOST_CONFIG, Type.STRING, "127.0.0.1", new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, HTTP_BIND_HOST_DOC)
            .define(HTTP_MAX_BODY_BYTES_CONFIG, Type.INT, 64 * 1024, Range.atLeast(1), Importance.MEDIUM,
                    HTTP_MAX_BODY_BYTES_DOC)
            .define(HTTP_ACK_TIMEOUT_MS_CONFIG, Type.INT, 5_000, Range.atLeast(1), Importance.MEDIUM,
                    HTTP_ACK_TIMEOUT_MS_DOC)
            .define(HTTP_THREADS_CONFIG, Type.INT, 16, Range.atLeast(1), Importance.LOW, HTTP_THREADS_DOC)

            .define(HTTP_TLS_KEYSTORE_LOCATION_CONFIG, Type.STRING, "", Importance.HIGH, HTTP_TLS_KEYSTORE_LOCATION_DOC)
            .define(HTTP_TLS_KEYSTORE_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.HIGH, HTTP_TLS_KEYSTORE_PASSWORD_DOC)
            .define(HTTP_TLS_TRUSTSTORE_LOCATION_CONFIG, Type.STRING, "", Importance.MEDIUM,
                    HTTP_TLS_TRUSTSTORE_LOCATION_DOC)
            .define(HTTP_TLS_TRUSTSTORE_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.MEDIUM,
                    HTTP_TLS_TRUSTSTORE_PASSWORD_DOC)
            .define(HTTP_AUTH_MODE_CONFIG, Type.STRING, "none",
                    ConfigDef.ValidString.in(HTTP_AUTH_MODES.toArray(String[]::new)), Importance.HIGH, HTTP_AUTH_MODE_DOC)
            .define(HTTP_AUTH_TOKEN_CONFIG, Type.PASSWORD, "", Importance.HIGH, HTTP_AUTH_TOKEN_DOC)

            .define(HEALTH_PROBE_INTERVAL_MS_CONFIG, Type.INT, 1_000, Range.atLeast(10), Importance.LOW,
                    HEALTH_PROBE_INTERVAL_MS_DOC)
            .define(HEALTH_PROBE_TIMEOUT_MS_CONFIG, Type.INT, 3_000, Range.atLeast(10), Importance.LOW,
                    HEALTH_PROBE_TIMEOUT_MS_DOC)

            .define(PRODUCER_LINGER_MS_CONFIG, Type.INT, 2, Range.between(0, 1_000), Importance.MEDIUM,
                    PRODUCER_LINGER_MS_DOC)
            .define(PRODUCER_DELIVERY_TIMEOUT_MS_CONFIG, Type.INT, 10_000, Range.atLeast(1), Importance.MEDIUM,
                    PRODUCER_DELIVERY_TIMEOUT_MS_DOC)
            .define(PRODUCER_REQUEST_TIMEOUT_MS_CONFIG, Type.INT, 5_000, Range.atLeast(1), Importance.LOW,
                    PRODUCER_REQUEST_TIMEOUT_MS_DOC)
            .define(PRODUCER_MAX_BLOCK_MS_CONFIG, Type.INT, 1_000, Range.atLeast(0), Importance.LOW,
                    PRODUCER_MAX_BLOCK_MS_DOC)
            .define(PRODUCER_MAX_IN_FLIGHT_CONFIG, Type.INT, 5, Range.between(1, 5), Importance.LOW,
                    PRODUCER_MAX_IN_FLIGHT_DOC)
            .define(PRODUCER_CLIENT_ID_CONFIG, Type.STRING, "understudy-ingress-bridge", Importance.LOW,
                    PRODUCER_CLIENT_ID_DOC);

    /** Producer settings that are the bridge's to decide, and why. */
    private static final Map<String, String> RESERVED_PRODUCER_KEYS = Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "set " + BOOTSTRAP_SERVERS_CONFIG + " instead",
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, "keys are always the flow id as a UTF-8 string",
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, "values are always TrafficPackets in the Confluent wire format",
            ProducerConfig.TRANSACTIONAL_ID_CONFIG, "the bridge's producer is idempotent, not transactional");

    private static final Set<String> ALLOWED_ACKS = Set.of("all", "-1");

    public BridgeConfig(Map<String, ?> originals) {
        super(CONFIG_DEF, keys().requireKnown(originals, "bridge"), false);
        rejectReservedProducerSettings();
        requireConsistentHttpSecurity();
        int floor = getInt(PRODUCER_LINGER_MS_CONFIG) + getInt(PRODUCER_REQUEST_TIMEOUT_MS_CONFIG);
        if (getInt(PRODUCER_DELIVERY_TIMEOUT_MS_CONFIG) < floor) {
            throw new ConfigException(PRODUCER_DELIVERY_TIMEOUT_MS_CONFIG, getInt(PRODUCER_DELIVERY_TIMEOUT_MS_CONFIG),
                    "must be at least " + PRODUCER_LINGER_MS_CONFIG + " + " + PRODUCER_REQUEST_TIMEOUT_MS_CONFIG
                            + " = " + floor);
        }
    }

    /** The observability endpoint's port, or empty when {@code metrics.port=disabled}. */
    public java.util.OptionalInt metricsPort() {
        return MetricsPort.parse(METRICS_PORT_CONFIG, getString(METRICS_PORT_CONFIG));
    }

    public String metricsBindHost() {
        return getString(METRICS_BIND_HOST_CONFIG);
    }

    /** Every key the bridge understands (for environment overrides and {@code config --print}). */
    public static RoleKeys keys() {
        return RoleKeys.of(CONFIG_DEF, KAFKA_PREFIX, PRODUCER_PREFIX);
    }

    /** A configuration with every default, against the given Kafka cluster and schema registry. */
    public static BridgeConfig forCluster(String bootstrapServers, String schemaRegistryUrl) {
        return new BridgeConfig(Map.of(BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                SCHEMA_REGISTRY_URL_CONFIG, schemaRegistryUrl));
    }

    /** This configuration with some keys replaced or added. */
    public BridgeConfig with(Map<String, ?> overrides) {
        Map<String, Object> merged = new HashMap<>(originals());
        merged.putAll(overrides);
        return new BridgeConfig(merged);
    }

    public String bootstrapServers() {
        return getString(BOOTSTRAP_SERVERS_CONFIG);
    }

    public String schemaRegistryUrl() {
        return getString(SCHEMA_REGISTRY_URL_CONFIG);
    }

    public TopicNames topicNames() {
        return new TopicNames(getString(TOPIC_PREFIX_CONFIG));
    }

    /** False when {@value #TCP_PORT_CONFIG} is -1. */
    public boolean tcpEnabled() {
        return getInt(TCP_PORT_CONFIG) >= 0;
    }

    public int tcpPort() {
        return getInt(TCP_PORT_CONFIG);
    }

    public String tcpBindHost() {
        return getString(TCP_BIND_HOST_CONFIG);
    }

    public int tcpMaxFrameBytes() {
        return getInt(TCP_MAX_FRAME_BYTES_CONFIG);
    }

    public int tcpMaxConnections() {
        return getInt(TCP_MAX_CONNECTIONS_CONFIG);
    }

    public int tcpMaxPendingFrames() {
        return getInt(TCP_MAX_PENDING_FRAMES_CONFIG);
    }

    /** False when {@value #HTTP_PORT_CONFIG} is -1. */
    public boolean httpEnabled() {
        return getInt(HTTP_PORT_CONFIG) >= 0;
    }

    public int httpPort() {
        return getInt(HTTP_PORT_CONFIG);
    }

    public String httpBindHost() {
        return getString(HTTP_BIND_HOST_CONFIG);
    }

    public int httpMaxBodyBytes() {
        return getInt(HTTP_MAX_BODY_BYTES_CONFIG);
    }

    public Duration httpAckTimeout() {
        return Duration.ofMillis(getInt(HTTP_ACK_TIMEOUT_MS_CONFIG));
    }

    public int httpThreads() {
        return getInt(HTTP_THREADS_CONFIG);
    }

    /** True when {@value #HTTP_TLS_KEYSTORE_LOCATION_CONFIG} is set: the endpoint speaks HTTPS. */
    public boolean httpTls() {
        return !getString(HTTP_TLS_KEYSTORE_LOCATION_CONFIG).isBlank();
    }

    public String httpTlsKeystoreLocation() {
        return getString(HTTP_TLS_KEYSTORE_LOCATION_CONFIG);
    }

    public String httpTlsKeystorePassword() {
        return getPassword(HTTP_TLS_KEYSTORE_PASSWORD_CONFIG).value();
    }

    public String httpTlsTruststoreLocation() {
        return getString(HTTP_TLS_TRUSTSTORE_LOCATION_CONFIG);
    }

    public String httpTlsTruststorePassword() {
        return getPassword(HTTP_TLS_TRUSTSTORE_PASSWORD_CONFIG).value();
    }

    public String httpAuthMode() {
        return getString(HTTP_AUTH_MODE_CONFIG);
    }

    public String httpAuthToken() {
        return getPassword(HTTP_AUTH_TOKEN_CONFIG).value();
    }

    private void requireConsistentHttpSecurity() {
        String mode = httpAuthMode();
        if (mode.contains("token") && httpAuthToken().isEmpty()) {
            throw new ConfigException(HTTP_AUTH_TOKEN_CONFIG, "(empty)", "must be set when " + HTTP_AUTH_MODE_CONFIG
                    + "=" + mode);
        }
        if (mode.contains("client-certificate") && (!httpTls() || httpTlsTruststoreLocation().isBlank())) {
            throw new ConfigException(HTTP_AUTH_MODE_CONFIG, mode, "client certificates need TLS: set "
                    + HTTP_TLS_KEYSTORE_LOCATION_CONFIG + " and " + HTTP_TLS_TRUSTSTORE_LOCATION_CONFIG);
        }
        if (!httpTls() && !httpTlsTruststoreLocation().isBlank()) {
            throw new ConfigException(HTTP_TLS_TRUSTSTORE_LOCATION_CONFIG, httpTlsTruststoreLocation(),
                    "needs " + HTTP_TLS_KEYSTORE_LOCATION_CONFIG + " (client certificates come with TLS only)");
        }
    }

    public Duration healthProbeInterval() {
        return Duration.ofMillis(getInt(HEALTH_PROBE_INTERVAL_MS_CONFIG));
    }

    public Duration healthProbeTimeout() {
        return Duration.ofMillis(getInt(HEALTH_PROBE_TIMEOUT_MS_CONFIG));
    }

    /** Longest a send may block: also how long the bridge waits for Kafka when it stops. */
    public Duration producerMaxBlock() {
        return Duration.ofMillis(getInt(PRODUCER_MAX_BLOCK_MS_CONFIG));
    }

    public Duration producerDeliveryTimeout() {
        return Duration.ofMillis(getInt(PRODUCER_DELIVERY_TIMEOUT_MS_CONFIG));
    }

    /**
     * The Kafka producer's configuration (serializers excepted: the publisher passes instances):
     * every {@value #PRODUCER_PREFIX} key without its prefix, this class's producer defaults, and
     * the settings the bridge's promise depends on.
     */
    public Map<String, Object> producerConfigs() {
        Map<String, Object> producer = new HashMap<>(originalsWithPrefix(KAFKA_PREFIX));
        producer.putAll(originalsWithPrefix(PRODUCER_PREFIX));
        for (String key : List.of(PRODUCER_LINGER_MS_CONFIG, PRODUCER_DELIVERY_TIMEOUT_MS_CONFIG,
                PRODUCER_REQUEST_TIMEOUT_MS_CONFIG, PRODUCER_MAX_BLOCK_MS_CONFIG, PRODUCER_MAX_IN_FLIGHT_CONFIG,
                PRODUCER_CLIENT_ID_CONFIG)) {
            producer.put(key.substring(PRODUCER_PREFIX.length()), String.valueOf(get(key)));
        }
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        return producer;
    }

    /**
     * Settings for the Admin client that probes Kafka's health: the producer's connection settings
     * (bootstrap, security, client dns lookup...), with timeouts bounded by the probe timeout.
     */
    public Map<String, Object> healthProbeAdminConfigs() {
        Set<String> adminKeys = AdminClientConfig.configNames();
        Map<String, Object> admin = new HashMap<>();
        producerConfigs().forEach((key, value) -> {
            if (adminKeys.contains(key)) {
                admin.put(key, value);
            }
        });
        int timeoutMs = getInt(HEALTH_PROBE_TIMEOUT_MS_CONFIG);
        admin.put(AdminClientConfig.CLIENT_ID_CONFIG, getString(PRODUCER_CLIENT_ID_CONFIG) + "-health");
        admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(timeoutMs));
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(timeoutMs));
        return admin;
    }

    private void rejectReservedProducerSettings() {
        for (String prefix : List.of(KAFKA_PREFIX, PRODUCER_PREFIX)) {
            Map<String, Object> given = originalsWithPrefix(prefix);
            RESERVED_PRODUCER_KEYS.forEach((key, why) -> {
                if (given.containsKey(key)) {
                    throw new ConfigException(prefix + key, given.get(key), "cannot be set: " + why);
                }
            });
        }
        Map<String, Object> passedThrough = new HashMap<>(originalsWithPrefix(KAFKA_PREFIX));
        passedThrough.putAll(originalsWithPrefix(PRODUCER_PREFIX));
        Object acks = passedThrough.get(ProducerConfig.ACKS_CONFIG);
        if (acks != null && !ALLOWED_ACKS.contains(String.valueOf(acks).trim())) {
            throw new ConfigException(PRODUCER_PREFIX + ProducerConfig.ACKS_CONFIG, acks,
                    "must be all: the bridge acknowledges a packet only once every in-sync replica has it");
        }
        Object idempotence = passedThrough.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG);
        if (idempotence != null && !"true".equalsIgnoreCase(String.valueOf(idempotence).trim())) {
            throw new ConfigException(PRODUCER_PREFIX + ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, idempotence,
                    "must be true: without it a retried batch could be written twice or out of order");
        }
    }
}
