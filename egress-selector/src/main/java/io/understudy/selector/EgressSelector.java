package io.understudy.selector;

import io.understudy.observability.HealthReport;
import io.understudy.observability.ObservabilityEndpoint;
import io.understudy.observability.RoleMetrics;
import io.understudy.records.Heartbeat;
import io.understudy.records.SelectorHeartbeat;
import io.understudy.records.SelectorState;
import io.understudy.schemas.registry.SchemaRegistryClient;
import io.understudy.schemas.serde.AvroSerde;
import io.understudy.schemas.topics.TopicFollower;
import io.understudy.schemas.topics.TopicNames;
import io.understudy.schemas.topics.TopicProvisioner;
import io.understudy.schemas.topics.TopicProvisionerConfig;
import io.understudy.schemas.topics.UntilReachable;
import io.understudy.selector.internals.group.GroupView;
import io.understudy.selector.internals.group.SelectorGroup;
import io.understudy.selector.internals.group.SelectorHeartbeater;
import io.understudy.selector.internals.leadership.BackupElection;
import io.understudy.selector.internals.liveness.HeartbeatListener;
import io.understudy.selector.internals.liveness.LivenessView;
import io.understudy.selector.internals.routing.SelectorCodecs;
import io.understudy.selector.internals.routing.ShardWorker;
import io.understudy.selector.internals.status.StatusBoard;
import io.understudy.selector.internals.status.StatusReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running egress selector instance: one member of the selector group. It listens to the nodes'
 * heartbeats (who is alive, on the broker's clock), publishes its own and reads the group's (who
 * owns which shard), and, for every shard it owns, runs a {@link ShardWorker} that forwards the
 * leader's outputs to the egress topic exactly once. For the shards it does not own it is a warm
 * standby: a producer ready on each shard's transactional id and the committed state tailed, so a
 * takeover costs a fence (tens of ms) plus the detection.
 */
public final class EgressSelector implements AutoCloseable {

    /**
     * Records per poll of a shard worker: a new owner commits (and so ends the egress gap) after its
     * first poll's records are processed, on code the standby never ran; 500 (Kafka's default)
     * took 430-620 ms there on a loaded 2-core machine.
     */
    static final int SHARD_MAX_POLL_RECORDS = 100;

    private static final Logger log = LoggerFactory.getLogger(EgressSelector.class);
    /** How far back the heartbeat readers start, so a restarted instance knows who was alive. */
    static final Duration HEARTBEAT_LOOKBACK = Duration.ofSeconds(10);

    private final SelectorConfig config;
    private final HeartbeatListener heartbeats;
    private final TopicFollower<String, SelectorHeartbeat> groupFollower;
    private final LivenessView liveness;
    private final SelectorGroup group;
    private final SelectorHeartbeater heartbeater;
    private final SchemaRegistryClient registry;
    private final RoleMetrics metrics;
    private final StatusBoard board;
    private volatile ObservabilityEndpoint endpoint;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private EgressSelector(SelectorConfig config, HeartbeatListener heartbeats, TopicFollower<String, SelectorHeartbeat> groupFollower,
                           LivenessView liveness, SelectorGroup group, SelectorHeartbeater heartbeater,
                           SchemaRegistryClient registry, RoleMetrics metrics, StatusBoard board) {
        this.config = config;
        this.heartbeats = heartbeats;
        this.groupFollower = groupFollower;
        this.liveness = liveness;
        this.group = group;
        this.heartbeater = heartbeater;
        this.registry = registry;
        this.metrics = metrics;
        this.board = board;
    }

    /**
     * The prefix of every shard's fixed transactional id ({@code <topic prefix>selector-shard-<k>}):
     * what a selector's principal must be granted ({@code understudy acls}).
     */
    public static String transactionalIdPrefix(TopicNames topics) {
        return topics.prefix() + "selector-shard-";
    }

    public static EgressSelector start(SelectorConfig config) {
        TopicNames topics = config.topicNames();
        int partitions = UntilReachable.call("selector " + config.instanceId() + ": verifying its topics",
                config.startupTimeout(), () -> verifyTopics(config));
        SchemaRegistryClient registry = SchemaRegistryClient.forUrl(config.schemaRegistryUrl());
        LivenessView liveness = new LivenessView();
        BackupElection election = new BackupElection(config.policy(), liveness);
        RoleMetrics metrics = RoleMetrics.create("selector", config.instanceId());
        StatusBoard board = new StatusBoard(metrics.registry());
        String instance = config.instanceId();

        Consumer<String, Heartbeat> heartbeatConsumer = consumer(config, "heartbeats",
                AvroSerde.forValues(Heartbeat.class, registry).deserializer(), false);
        metrics.bind(heartbeatConsumer); // kafka_consumer_* on /metrics: the reader every failover depends on
        HeartbeatListener listener = new HeartbeatListener(heartbeatConsumer, topics, HEARTBEAT_LOOKBACK, liveness,
                topic -> io.micrometer.core.instrument.Counter.builder("understudy.selector.heartbeat.impersonations")
                        .description("Heartbeats ignored because they name another node than the one whose topic they are on")
                        .tag("topic", topic).register(metrics.registry()).increment());
        GroupView view = new GroupView();
        TopicFollower<String, SelectorHeartbeat> groupFollower = new TopicFollower<String, SelectorHeartbeat>(
                consumer(config, "group", AvroSerde.forValues(SelectorHeartbeat.class, registry).deserializer(), false),
                topics.selectorHeartbeats(), TopicFollower.Start.RECENT, Duration.ofMillis(50),
                "understudy-selector-group-listener", record -> {
                    if (record.value() != null) {
                        view.record(record.value(), record.timestamp());
                    }
                }).withLookback(HEARTBEAT_LOOKBACK).onCaughtUp(view::markCaughtUp);

        ShardWorker.Context context = new ShardWorker.Context(topics, instance, config.policy(), election, liveness, board,
                SelectorCodecs.of(registry), config.getLong(SelectorConfig.COMMIT_INTERVAL_MS_CONFIG),
                config.getLong(SelectorConfig.CHECK_INTERVAL_MS_CONFIG), () -> liveness.caughtUp() && listener.alive());
        SelectorGroup.Clients clients = new SelectorGroup.Clients() {
            @Override
            public Producer<String, byte[]> shardProducer(String transactionalId) {
                return new KafkaProducer<>(shardProducerSettings(config, transactionalId), new StringSerializer(),
                        new ByteArraySerializer());
            }

            @Override
            public Consumer<String, byte[]> shardConsumer(int shard) {
                return consumer(config, "shard-" + shard, new ByteArrayDeserializer(), true,
                        Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, SHARD_MAX_POLL_RECORDS));
            }

            @Override
            public Consumer<String, byte[]> lookupConsumer(int shard) {
                return consumer(config, "shard-" + shard + "-lookup", new ByteArrayDeserializer(), true);
            }

            @Override
            public Admin admin() {
                Map<String, Object> settings = new HashMap<>(config.kafkaClientSettings());
                settings.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId(config, "admin"));
                return Admin.create(settings);
            }
        };
        SelectorGroup group = new SelectorGroup(instance, topics, config.getInt(SelectorConfig.SHARDS_CONFIG), partitions,
                config.getLong(SelectorConfig.SELECTOR_FAILURE_TIMEOUT_MS_CONFIG),
                2 * config.getLong(SelectorConfig.SELECTOR_HEARTBEAT_INTERVAL_MS_CONFIG), view,
                consumer(config, "state", AvroSerde.forValues(SelectorState.class, registry).deserializer(), true),
                clients, context, board);
        Map<String, Object> heartbeatSettings = new HashMap<>(config.kafkaClientSettings());
        heartbeatSettings.put(ProducerConfig.CLIENT_ID_CONFIG, clientId(config, "heartbeat"));
        heartbeatSettings.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        heartbeatSettings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2_000);
        heartbeatSettings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000);
        heartbeatSettings.put(ProducerConfig.ACKS_CONFIG, "1");
        heartbeatSettings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        KafkaProducer<String, SelectorHeartbeat> heartbeatProducer = new KafkaProducer<>(heartbeatSettings,
                new StringSerializer(), AvroSerde.forValues(SelectorHeartbeat.class, registry).serializer());
        metrics.bind(heartbeatProducer); // kafka_producer_* on /metrics
        SelectorHeartbeater heartbeater = new SelectorHeartbeater(heartbeatProducer, topics.selectorHeartbeats(), group);

        EgressSelector selector = new EgressSelector(config, listener, groupFollower, liveness, group, heartbeater,
                registry, metrics, board);
        listener.start();
        groupFollower.start();
        group.start();
        heartbeater.start(Duration.ofMillis(config.getLong(SelectorConfig.SELECTOR_HEARTBEAT_INTERVAL_MS_CONFIG)));
        selector.endpoint = startEndpoint(config, selector);
        log.info("selector {} started: {} partitions in {} shards, failure timeout {} ms (selectors: {} ms), initial primary {}",
                instance, partitions, group.shardCount(), config.getLong(SelectorConfig.FAILURE_TIMEOUT_MS_CONFIG),
                config.getLong(SelectorConfig.SELECTOR_FAILURE_TIMEOUT_MS_CONFIG),
                config.policy().initialPrimary().orElse("(most progressed synchronized node)"));
        return selector;
    }

    /** The status page, a resource beside {@link StatusReport} (it moves with that class's package). */
    static byte[] statusPage() {
        try (java.io.InputStream in = StatusReport.class.getResourceAsStream("status.html")) {
            if (in == null) {
                throw new IllegalStateException("the status page is missing from the selector's jar: no status.html beside "
                        + StatusReport.class.getName());
            }
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the status page cannot be read from the selector's jar: " + e, e);
        }
    }

    /** /metrics, /health/*, the status page (/) and its JSON (/api/status). */
    private static ObservabilityEndpoint startEndpoint(SelectorConfig config, EgressSelector selector) {
        byte[] page = statusPage();
        long failureTimeoutMs = config.policy().failureTimeoutMs();
        return ObservabilityEndpoint.builder("selector " + config.instanceId(), selector.metrics)
                .liveness(() -> selector.health(selector.failure().isEmpty()))
                .readiness(() -> selector.health(selector.failure().isEmpty() && selector.liveness.caughtUp()
                        && selector.group.view().caughtUp()))
                .beforeScrape(() -> {
                    selector.board.refreshGauges(selector.liveness);
                    selector.board.owners(selector.owners());
                })
                .route("/", exchange -> ObservabilityEndpoint.send(exchange, 200, "text/html; charset=utf-8", page))
                .route("/api/status", exchange -> {
                    selector.board.owners(selector.owners());
                    Map<String, Object> report = StatusReport.of(selector.board, selector.liveness,
                            config.instanceId(), selector.role(), selector.groupReport(), failureTimeoutMs,
                            System.currentTimeMillis());
                    selector.failure().ifPresent(why -> report.put("failure", why));
                    ObservabilityEndpoint.sendJson(exchange, 200, report);
                })
                .start(config.metricsBindHost(), config.metricsPort()).orElse(null);
    }

    /** What stops this instance from working, if anything: a dead heartbeat reader can see no failure. */
    public Optional<String> failure() {
        if (!heartbeats.alive()) {
            return Optional.of("heartbeat listener stopped: " + heartbeats.failure());
        }
        if (!groupFollower.running()) {
            return Optional.of("selector group listener stopped: " + groupFollower.failure());
        }
        return Optional.ofNullable(group.failure());
    }

    private HealthReport health(boolean up) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("role", role());
        details.put("heartbeatsCaughtUp", liveness.caughtUp());
        details.put("nodesHeard", liveness.nodes().size());
        failure().ifPresent(why -> details.put("failure", why));
        return up ? HealthReport.up(details) : HealthReport.down(details);
    }

    /** "owner of shards [0, 2]" or "standby". */
    public String role() {
        List<Integer> owned = group.ownedShards();
        return owned.isEmpty() ? "standby" : "owner of shards " + owned;
    }

    /** The shards this instance owns now. */
    public List<Integer> ownedShards() {
        return group.ownedShards();
    }

    /** Each partition's owner, as the group's heartbeats say. */
    private Map<Integer, String> owners() {
        long timeout = config.getLong(SelectorConfig.SELECTOR_FAILURE_TIMEOUT_MS_CONFIG);
        Map<Integer, String> owners = new TreeMap<>();
        group.view().ownership(timeout).forEach((instance, shards) -> {
            for (int shard : shards) {
                group.partitionsOf(shard).forEach(p -> owners.put(p, instance));
            }
        });
        return owners;
    }

    private List<Map<String, Object>> groupReport() {
        long timeout = config.getLong(SelectorConfig.SELECTOR_FAILURE_TIMEOUT_MS_CONFIG);
        List<Map<String, Object>> members = new ArrayList<>();
        long now = group.view().now();
        for (GroupView.Member member : group.view().members()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("instance", member.instanceId());
            entry.put("owned", member.heartbeat().getOwned());
            entry.put("heartbeatAgeMs", now - member.heardAt());
            entry.put("alive", now - member.heardAt() <= timeout);
            members.add(entry);
        }
        return members;
    }

    /** The URL of the selector's observability endpoint (status page at "/"), if it serves one. */
    public Optional<String> observabilityUrl() {
        return Optional.ofNullable(endpoint).map(ObservabilityEndpoint::url);
    }

    /**
     * Refuses to start on topics that disagree (see {@link TopicProvisioner#verifyConsistent}) and
     * returns the ingress partition count, which every shared-partition topic has.
     */
    private static int verifyTopics(SelectorConfig config) {
        TopicNames topics = config.topicNames();
        Map<String, Object> settings = new HashMap<>();
        config.kafkaClientSettings().forEach((key, value) -> settings.put(TopicProvisionerConfig.ADMIN_PREFIX + key, value));
        settings.put(TopicProvisionerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        settings.put(TopicProvisionerConfig.TOPIC_PREFIX_CONFIG, topics.prefix());
        try (TopicProvisioner provisioner = new TopicProvisioner(new TopicProvisionerConfig(settings))) {
            provisioner.verifyConsistent(topics, List.of(topics.egress(), topics.syncOrders(), topics.selectorCommands(),
                    topics.selectorState(), topics.leadership(), topics.selectorHeartbeats()));
        }
        try (Consumer<String, byte[]> consumer = consumer(config, "describe", new ByteArrayDeserializer(), false)) {
            var info = consumer.partitionsFor(topics.egress(), Duration.ofSeconds(30));
            if (info == null || info.isEmpty()) {
                throw new IllegalStateException("the egress topic " + topics.egress() + " does not exist at "
                        + config.bootstrapServers() + "; create the topics first (understudy topics create)");
            }
            return info.size();
        }
    }

    /** The selector's client id for one of its Kafka clients. */
    private static String clientId(SelectorConfig config, String purpose) {
        return config.topicNames().prefix() + "selector-" + config.instanceId() + "-" + purpose;
    }

    private static <V> Consumer<String, V> consumer(SelectorConfig config, String purpose,
                                                    org.apache.kafka.common.serialization.Deserializer<V> values,
                                                    boolean readCommitted) {
        return consumer(config, purpose, values, readCommitted, Map.of());
    }

    private static <V> Consumer<String, V> consumer(SelectorConfig config, String purpose,
                                                    org.apache.kafka.common.serialization.Deserializer<V> values,
                                                    boolean readCommitted, Map<String, Object> overrides) {
        Map<String, Object> settings = new HashMap<>(config.kafkaClientSettings());
        settings.putAll(overrides);
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId(config, purpose));
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted");
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(settings, new StringDeserializer(), values);
    }

    /**
     * A shard's transactional producer. The short retry backoff matters twice: back-to-back
     * transactions meet CONCURRENT_TRANSACTIONS while the previous commit's markers are written,
     * and a takeover's {@code initTransactions()} meets it while the coordinator aborts the old
     * owner's transaction; the default 100 ms backoff would add that much to both.
     */
    static Map<String, Object> shardProducerSettings(SelectorConfig config, String transactionalId) {
        Map<String, Object> settings = new HashMap<>(config.kafkaClientSettings());
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, clientId(config, transactionalId));
        settings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.LINGER_MS_CONFIG, config.getInt(SelectorConfig.PRODUCER_LINGER_MS_CONFIG));
        settings.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 5);
        settings.put(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 50);
        settings.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
        return settings;
    }

    public LivenessView liveness() {
        return liveness;
    }

    public boolean awaitStop(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (endpoint != null) {
            endpoint.close();
        }
        heartbeater.close();
        group.close();
        groupFollower.close();
        heartbeats.close();
        metrics.close();
        registry.close();
        stopped.countDown();
        log.info("selector stopped");
    }
}
