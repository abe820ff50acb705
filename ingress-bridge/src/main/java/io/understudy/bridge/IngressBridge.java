package io.understudy.bridge;

import io.understudy.bridge.config.BridgeConfig;
import io.understudy.bridge.internals.http.HttpEndpoint;
import io.understudy.bridge.internals.publish.KafkaHealth;
import io.understudy.bridge.internals.publish.PacketPublisher;
import io.understudy.bridge.internals.tcp.TcpEndpoint;
import io.understudy.records.PacketKind;
import io.understudy.records.TrafficPacket;
import io.understudy.schemas.registry.SchemaRegistryClient;
import io.understudy.schemas.serde.AvroSerde;
import io.understudy.observability.HealthReport;
import io.understudy.observability.ObservabilityEndpoint;
import io.understudy.observability.RoleMetrics;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running ingress bridge: the TCP and HTTP endpoints and the publisher they share.
 *
 * <pre>{@code
 * try (IngressBridge bridge = IngressBridge.start(BridgeConfig.forCluster("127.0.0.1:9092",
 *         "http://127.0.0.1:8081/apis/ccompat/v7"))) {
 *     BoundPorts ports = bridge.ports();
 *     ...
 * }
 * }</pre>
 */
public final class IngressBridge implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IngressBridge.class);

    private final BridgeConfig config;
    private final BridgeMetrics metrics;
    private final SchemaRegistryClient registry;
    private final PacketPublisher publisher;
    private final TcpEndpoint tcp;
    private final HttpEndpoint http;
    private final RoleMetrics roleMetrics;
    private final ObservabilityEndpoint observability;
    private final AtomicBoolean closed = new AtomicBoolean();

    private IngressBridge(BridgeConfig config, BridgeMetrics metrics, SchemaRegistryClient registry,
                          PacketPublisher publisher, TcpEndpoint tcp, HttpEndpoint http, RoleMetrics roleMetrics,
                          ObservabilityEndpoint observability) {
        this.roleMetrics = roleMetrics;
        this.observability = observability;
        this.config = config;
        this.metrics = metrics;
        this.registry = registry;
        this.publisher = publisher;
        this.tcp = tcp;
        this.http = http;
    }

    /**
     * Starts a bridge: registers the TrafficPacket schema for the ingress topic (so no packet waits
     * for the registry), creates the producer, and opens the enabled endpoints. Kafka need not be
     * reachable: until it is, packets are refused with {@link RejectReason#KAFKA_UNAVAILABLE}.
     *
     * @throws io.understudy.schemas.serde.RecordEncodingException when the schema registry cannot
     *                                                              be reached or refuses the schema
     * @throws java.io.UncheckedIOException                        when a port cannot be bound
     */
    public static IngressBridge start(BridgeConfig config) {
        BridgeMetrics metrics = new BridgeMetrics();
        SchemaRegistryClient registry = SchemaRegistryClient.forUrl(config.schemaRegistryUrl());
        PacketPublisher publisher = null;
        TcpEndpoint tcp = null;
        HttpEndpoint http = null;
        RoleMetrics roleMetrics = RoleMetrics.create("bridge", config.getString(BridgeConfig.PRODUCER_CLIENT_ID_CONFIG));
        try {
            Serializer<TrafficPacket> serializer = AvroSerde.forValues(TrafficPacket.class, registry).serializer();
            registerSchema(serializer, config.topicNames().ingress());
            publisher = new PacketPublisher(config, serializer, metrics);
            tcp = config.tcpEnabled() ? TcpEndpoint.start(config, publisher, metrics) : null;
            http = config.httpEnabled() ? HttpEndpoint.start(config, publisher, metrics) : null;
            BridgeMeters.bind(metrics, roleMetrics.registry());
            publisher.bindTo(roleMetrics);
            PacketPublisher health = publisher;
            ObservabilityEndpoint observability = ObservabilityEndpoint.builder("bridge", roleMetrics)
                    .readiness(() -> {
                        KafkaHealth kafka = health.health();
                        Map<String, Object> details = new LinkedHashMap<>();
                        details.put("kafka", kafka.detail());
                        details.put("topic", health.topic());
                        details.put("observedAt", kafka.observedAt().toString());
                        return kafka.reachable() ? HealthReport.up(details) : HealthReport.down(details);
                    })
                    .start(config.metricsBindHost(), config.metricsPort()).orElse(null);
            IngressBridge bridge = new IngressBridge(config, metrics, registry, publisher, tcp, http, roleMetrics,
                    observability);
            log.info("Ingress bridge started: publishing to {} at {}, ports {}", publisher.topic(),
                    config.bootstrapServers(), bridge.ports());
            return bridge;
        } catch (RuntimeException e) {
            if (http != null) {
                http.close();
            }
            if (tcp != null) {
                tcp.close();
            }
            roleMetrics.close();
            if (publisher != null) {
                publisher.close(config.producerMaxBlock());
            }
            registry.close();
            throw e;
        }
    }

    /** The ports the endpoints listen on. */
    public BoundPorts ports() {
        return new BoundPorts(tcp != null ? tcp.port() : BoundPorts.DISABLED,
                http != null ? http.port() : BoundPorts.DISABLED);
    }

    /** The URL of the observability endpoint (/metrics, /health/live, /health/ready), if it serves one. */
    public java.util.Optional<String> observabilityUrl() {
        return java.util.Optional.ofNullable(observability).map(ObservabilityEndpoint::url);
    }

    public BridgeMetrics metrics() {
        return metrics;
    }

    /** Whether Kafka is reachable, as {@code GET /health} reports it. */
    public KafkaHealth health() {
        return publisher.health();
    }

    /** The topic packets go to. */
    public String topic() {
        return publisher.topic();
    }

    public BridgeConfig config() {
        return config;
    }

    /**
     * Stops: takes no new frames, waits (up to {@code producer.delivery.timeout.ms}) for Kafka to
     * answer the packets in flight, tells their senders, then closes every connection. Packets
     * that arrive over HTTP meanwhile are answered 503.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (tcp != null) {
            tcp.stopReading();
        }
        publisher.close(config.producerDeliveryTimeout());
        if (http != null) {
            http.close();
        }
        if (tcp != null) {
            tcp.close();
        }
        if (observability != null) {
            observability.close();
        }
        roleMetrics.close();
        registry.close();
        log.info("Ingress bridge stopped: {}", metrics.snapshot());
    }

    /** Serializes one packet so the serializer registers the schema and caches its id now. */
    private static void registerSchema(Serializer<TrafficPacket> serializer, String topic) {
        serializer.serialize(topic, TrafficPacket.newBuilder()
                .setFlowId("schema-check")
                .setKind(PacketKind.DATA)
                .setPayload(ByteBuffer.wrap(new byte[] {0}))
                .setEndpoint("startup")
                .setSequence(-1)
                .build());
    }
}
