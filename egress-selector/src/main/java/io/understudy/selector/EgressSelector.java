package io.understudy.selector;

import io.understudy.config.kafka.KafkaPassThrough;
import io.understudy.observability.HealthReport;
import io.understudy.observability.ObservabilityEndpoint;
import io.understudy.observability.RoleMetrics;
import io.understudy.selector.status.StatusBoard;
import io.understudy.selector.status.StatusReport;
import io.understudy.schemas.topics.TopicProvisioner;
import io.understudy.schemas.topics.TopicProvisionerConfig;
import io.understudy.records.EgressRecord;
import io.understudy.records.Heartbeat;
import io.understudy.records.LeaderChange;
import io.understudy.records.NodeOutput;
import io.understudy.records.SelectorCommand;
import io.understudy.records.SyncMessage;
import io.understudy.schemas.registry.SchemaRegistryClient;
import io.understudy.schemas.serde.AvroSerde;
import io.understudy.schemas.topics.TopicNames;
import io.understudy.selector.leadership.BackupElection;
import io.understudy.selector.liveness.HeartbeatListener;
import io.understudy.selector.liveness.LivenessView;
import io.understudy.selector.routing.SelectorTopology;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running egress selector: the heartbeat listener that tells who is alive, and the Kafka
 * Streams application that forwards the leader's outputs to the egress topic, exactly once.
 */
public final class EgressSelector implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EgressSelector.class);

    private final KafkaStreams streams;
    private final HeartbeatListener heartbeats;
    private final LivenessView liveness;
    private final SchemaRegistryClient registry;
    private final RoleMetrics metrics;
    private final StatusBoard board;
    private volatile ObservabilityEndpoint endpoint;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private EgressSelector(KafkaStreams streams, HeartbeatListener heartbeats, LivenessView liveness,
                           SchemaRegistryClient registry, RoleMetrics metrics, StatusBoard board) {
        this.metrics = metrics;
        this.board = board;
        this.streams = streams;
        this.heartbeats = heartbeats;
        this.liveness = liveness;
        this.registry = registry;
    }

    public static EgressSelector start(SelectorConfig config) {
        TopicNames topics = config.topics();
        verifyTopics(config);
        SchemaRegistryClient registry = SchemaRegistryClient.forUrl(config.schemaRegistryUrl());
        LivenessView liveness = new LivenessView();
        BackupElection election = new BackupElection(config.policy(), liveness);
        RoleMetrics metrics = RoleMetrics.create("selector", config.instanceId());
        StatusBoard board = new StatusBoard(metrics.registry());

        SelectorTopology.Codecs codecs = new SelectorTopology.Codecs(
                AvroSerde.forValues(NodeOutput.class, registry).deserializer(),
                AvroSerde.forValues(SelectorCommand.class, registry).deserializer(),
                AvroSerde.forValues(EgressRecord.class, registry).serializer(),
                AvroSerde.forValues(LeaderChange.class, registry).serializer(),
                AvroSerde.forValues(SyncMessage.class, registry).serializer(),
                AvroSerde.forValues(NodeOutput.class, registry).serializer());
        KafkaStreams streams = new KafkaStreams(
                SelectorTopology.build(topics, config.policy(), election, config.checkInterval(), codecs, config.persistentStores(), board),
                streamsProperties(config));
        metrics.bind(streams);

        KafkaConsumer<String, Heartbeat> heartbeatConsumer = new KafkaConsumer<>(heartbeatConsumerSettings(config),
                new StringDeserializer(), AvroSerde.forValues(Heartbeat.class, registry).deserializer());
        metrics.bind(heartbeatConsumer);
        HeartbeatListener listener = new HeartbeatListener(heartbeatConsumer, topics.heartbeats(), liveness);

        EgressSelector selector = new EgressSelector(streams, listener, liveness, registry, metrics, board);
        streams.setUncaughtExceptionHandler(error -> {
            log.error("selector stream thread failed, stopping: {}", error.toString(), error);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((now, before) -> {
            log.info("selector streams {} -> {}", before, now);
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                selector.stopped.countDown();
            }
        });
        listener.start();
        streams.start();
        selector.endpoint = startEndpoint(config, selector);
        log.info("selector started: failure timeout {} ms, initial primary {}", config.getLong(SelectorConfig.FAILURE_TIMEOUT_MS),
                config.policy().initialPrimary().orElse("(most progressed synchronized node)"));
        return selector;
    }

    /** /metrics, /health/*, the status page (/) and its JSON (/api/status). */
    private static ObservabilityEndpoint startEndpoint(SelectorConfig config, EgressSelector selector) {
        byte[] page;
        try (java.io.InputStream in = StatusReport.class.getResourceAsStream("status.html")) {
            page = in.readAllBytes();
        } catch (java.io.IOException | NullPointerException e) {
            throw new IllegalStateException("the status page is missing from the selector's jar", e);
        }
        long failureTimeoutMs = config.policy().failureTimeoutMs();
        return ObservabilityEndpoint.builder("selector " + config.instanceId(), selector.metrics)
                .liveness(() -> selector.health(!selector.streams.state().hasCompletedShutdown()
                        && selector.streams.state() != KafkaStreams.State.PENDING_ERROR))
                .readiness(() -> selector.health(selector.streams.state() == KafkaStreams.State.RUNNING))
                .beforeScrape(() -> selector.board.refreshGauges(selector.liveness))
                .route("/", exchange -> ObservabilityEndpoint.send(exchange, 200, "text/html; charset=utf-8", page))
                .route("/api/status", exchange -> ObservabilityEndpoint.sendJson(exchange, 200,
                        StatusReport.of(selector.board, selector.liveness, config.instanceId(),
                                selector.streams.state().name(), failureTimeoutMs, System.currentTimeMillis())))
                .start(config.metricsBindHost(), config.metricsPort()).orElse(null);
    }

    private HealthReport health(boolean up) {
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("streams", streams.state().name());
        details.put("partitions", board.leaderships().size());
        details.put("nodesHeard", liveness.nodes().size());
        return up ? HealthReport.up(details) : HealthReport.down(details);
    }

    /** The URL of the selector's observability endpoint (status page at "/"), if it serves one. */
    public java.util.Optional<String> observabilityUrl() {
        return java.util.Optional.ofNullable(endpoint).map(ObservabilityEndpoint::url);
    }

    /**
     * Refuses to start on topics that disagree: egress, sync and selector commands must have the
     * same partition count (each node checks its output against ingress and sync), leadership and
     * heartbeats one partition, and none may be compacted.
     */
    private static void verifyTopics(SelectorConfig config) {
        TopicNames topics = config.topics();
        Map<String, Object> settings = new HashMap<>();
        config.kafkaClientSettings().forEach((key, value) -> settings.put(TopicProvisionerConfig.ADMIN_PREFIX + key, value));
        settings.put(TopicProvisionerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        settings.put(TopicProvisionerConfig.TOPIC_PREFIX_CONFIG, topics.prefix());
        try (TopicProvisioner provisioner = new TopicProvisioner(new TopicProvisionerConfig(settings))) {
            provisioner.verifyConsistent(topics, java.util.List.of(topics.egress(), topics.sync(),
                    topics.selectorCommands(), topics.leadership(), topics.heartbeats()));
        }
    }

    public static String applicationId(TopicNames topics) {
        return KafkaPassThrough.applicationId(topics.prefix(), "selector");
    }

    static Properties streamsProperties(SelectorConfig config) {
        Properties props = new Properties();
        props.putAll(config.kafkaClientSettings());
        String applicationId = applicationId(config.topics());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.getLong(SelectorConfig.COMMIT_INTERVAL_MS));
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toAbsolutePath().toString());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.getShort(SelectorConfig.REPLICATION_FACTOR));
        // node outputs are independent streams: never wait for one to have data before processing another
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        // new node output topics (a node that joins) are found by pattern within a second
        props.put(CommonClientConfigs.METADATA_MAX_AGE_CONFIG, 1_000);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
                applicationId + "-" + config.instanceId());
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
                config.getInt(SelectorConfig.SESSION_TIMEOUT_MS));
        props.put(StreamsConfig.producerPrefix(org.apache.kafka.clients.producer.ProducerConfig.LINGER_MS_CONFIG),
                config.getInt(SelectorConfig.PRODUCER_LINGER_MS));
        // Back-to-back transactions meet CONCURRENT_TRANSACTIONS while the previous commit's markers are
        // written (every commit, with transactions v2); the default 100 ms backoff would add that much latency.
        props.put(StreamsConfig.producerPrefix(org.apache.kafka.clients.producer.ProducerConfig.RETRY_BACKOFF_MS_CONFIG), 5);
        props.put(StreamsConfig.producerPrefix(org.apache.kafka.clients.producer.ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG), 50);
        props.putAll(config.streamsOverrides());
        return props;
    }

    private static Map<String, Object> heartbeatConsumerSettings(SelectorConfig config) {
        Map<String, Object> settings = new HashMap<>(config.kafkaClientSettings());
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, applicationId(config.topics()) + "-heartbeats-" + config.instanceId());
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
        return settings;
    }

    public LivenessView liveness() {
        return liveness;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public boolean awaitStop(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (endpoint != null) {
            endpoint.close();
        }
        streams.close(Duration.ofSeconds(10));
        heartbeats.close();
        metrics.close();
        registry.close();
        stopped.countDown();
        log.info("selector stopped");
    }
}
