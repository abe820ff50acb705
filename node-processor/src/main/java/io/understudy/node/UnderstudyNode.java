package io.understudy.node;

import io.understudy.config.kafka.ExactlyOnceStreams;
import io.understudy.config.kafka.KafkaPassThrough;
import io.understudy.node.internals.function.BoundFunction;
import io.understudy.node.internals.function.FunctionCatalog;
import io.understudy.node.internals.function.StaticInfoFactory;
import io.understudy.node.internals.heartbeat.HeartbeatPublisher;
import io.understudy.node.internals.heartbeat.ProgressBoard;
import io.understudy.node.internals.leadership.LeadershipFollower;
import io.understudy.node.internals.metrics.NodeMeters;
import io.understudy.observability.DecisionLine;
import io.understudy.observability.HealthReport;
import io.understudy.observability.ObservabilityEndpoint;
import io.understudy.observability.RoleMetrics;
import io.understudy.node.internals.processing.NodeTopology;
import io.understudy.node.internals.startup.PresetPositions;
import io.understudy.node.internals.startup.StartPositions;
import io.understudy.node.internals.startup.StateReset;
import io.understudy.node.internals.sync.SyncCounters;
import io.understudy.node.internals.sync.SyncSettings;
import io.understudy.records.Heartbeat;
import io.understudy.records.LeaderChange;
import io.understudy.records.NodeOutput;
import io.understudy.records.StaticInfo;
import io.understudy.records.SyncMessage;
import io.understudy.records.TrafficPacket;
import io.understudy.schemas.registry.SchemaRegistryClient;
import io.understudy.schemas.serde.AvroSerde;
import io.understudy.schemas.serde.SchemaCatalog;
import io.understudy.schemas.topics.TopicNames;
import io.understudy.schemas.topics.TopicProvisioner;
import io.understudy.schemas.topics.TopicProvisionerConfig;
import io.understudy.schemas.topics.UntilReachable;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running node: the Kafka Streams application that applies the traffic function to every
 * ingress record and takes part in synchronization, the heartbeat publisher and the leadership
 * follower beside it.
 *
 * <p>Start-up: make sure the node's own topics (output, sync, heartbeats) exist, create
 * the traffic function, compute the node's static information, settle where its consumer starts
 * ({@link StartPositions}), then start following leadership, processing and heartbeats. A node
 * keeps its state across restarts (changelogged stores, exactly-once), and uses static group
 * membership so that a restarted node takes its partitions back at once.
 */
public final class UnderstudyNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UnderstudyNode.class);

    /** Stream thread failures a node survives by replacing the thread before it stops. */
    private static final int MAX_THREAD_REPLACEMENTS = 5;

    /** How often the node looks for new sync topics (a node that joined): its main consumer's metadata age. */
    static final int SYNC_TOPIC_DISCOVERY_MS = 2_000;

    private final NodeConfig config;
    private final KafkaStreams streams;
    private final HeartbeatPublisher heartbeats;
    private final LeadershipFollower leaders;
    private final ProgressBoard board;
    private final SyncCounters counters;
    private final StaticInfo staticInfo;
    private final SchemaRegistryClient registry;
    private final RoleMetrics metrics;
    private final Admin positionsAdmin;
    private volatile ObservabilityEndpoint endpoint;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private UnderstudyNode(NodeConfig config, KafkaStreams streams, HeartbeatPublisher heartbeats,
                           LeadershipFollower leaders, ProgressBoard board, SyncCounters counters, StaticInfo staticInfo,
                           SchemaRegistryClient registry, RoleMetrics metrics, Admin positionsAdmin) {
        this.positionsAdmin = positionsAdmin;
        this.metrics = metrics;
        this.config = config;
        this.streams = streams;
        this.heartbeats = heartbeats;
        this.leaders = leaders;
        this.board = board;
        this.counters = counters;
        this.staticInfo = staticInfo;
        this.registry = registry;
    }

    /** Starts a node of these settings, its traffic function found on the class path by name. */
    public static UnderstudyNode start(NodeConfig config) {
        return start(config, FunctionCatalog.load());
    }

    /**
     * Starts a node that may also run functions not registered as services (the module's tests).
     * Not public: the catalog is the node's internals.
     */
    static UnderstudyNode start(NodeConfig config, FunctionCatalog functions) {
        String nodeId = config.nodeId();
        TopicNames topics = config.topicNames();
        log.info("node {} starting against {}{}", nodeId, config.bootstrapServers(),
                config.namedInstance() ? " as instance " + config.instanceId() : "");
        Duration startupBudget = config.startupTimeout();
        int partitions = UntilReachable.call("node " + nodeId + ": provisioning its output topic", startupBudget,
                () -> provisionOutputTopic(config));

        BoundFunction function = functions.create(config.functionName(), config.functionConfig());
        SchemaRegistryClient registry = SchemaRegistryClient.forUrl(config.schemaRegistryUrl());
        StaticInfo staticInfo = StaticInfoFactory.of(function, partitions,
                SchemaCatalog.fingerprints());
        String incarnation = UUID.randomUUID().toString();
        SyncSettings sync = config.syncSettings(incarnation);

        Map<Integer, Long> startPositions = UntilReachable.call("node " + nodeId + ": settling its start positions",
                startupBudget, () -> {
                    try (Admin admin = Admin.create(config.kafkaClientSettings())) {
                        return StartPositions.settle(admin, applicationId(topics, nodeId), topics.ingress(),
                                syncTopics(admin, topics), partitions, sync.startsSynchronized(), Duration.ofSeconds(30));
                    }
                });
        log.info("node {}: output topic ready, ingress start positions {}", nodeId, startPositions);

        KafkaConsumer<String, LeaderChange> leadershipConsumer = new KafkaConsumer<>(leadershipConsumerSettings(config),
                new StringDeserializer(), AvroSerde.forValues(LeaderChange.class, registry).deserializer());
        LeadershipFollower leaders = new LeadershipFollower(leadershipConsumer, topics.leadership(), nodeId).start();

        ProgressBoard board = new ProgressBoard();
        RoleMetrics metrics = RoleMetrics.create("node", config.instanceId());
        NodeMeters meters = new NodeMeters(metrics.registry());
        meters.watch(nodeId, partitions, board, leaders);
        metrics.bind(leadershipConsumer);
        board.onSyncStateChange((partition, before, after) -> {
            meters.syncStateChanged(after.syncState());
            log.info("{}", DecisionLine.of("sync_state").with("node", nodeId).with("partition", partition)
                    .with("from", before.syncState()).with("to", after.syncState())
                    .with("synced_from", after.syncedFrom()).with("offset", after.lastOffset())
                    .with("detail", after.detail()));
        });
        SyncCounters counters = new SyncCounters();
        AvroSerde<SyncMessage> syncSerde = AvroSerde.forValues(SyncMessage.class, registry);
        StateReset reset = new StateReset(sync.resetState());
        // where each task resumes, read when it starts: a partition moving in from another instance of this
        // node resumes from what that instance committed, not from what was committed when this one started
        Admin positionsAdmin = Admin.create(config.kafkaClientSettings());
        NodeTopology.Parts parts = new NodeTopology.Parts(nodeId, function, staticInfo,
                AvroSerde.forValues(TrafficPacket.class, registry).deserializer(),
                AvroSerde.forValues(NodeOutput.class, registry).serializer(), syncSerde.deserializer(),
                syncSerde.serializer(), board, leaders, sync, new PresetPositions(startPositions,
                partition -> committedIngressOffset(positionsAdmin, applicationId(topics, nodeId), topics.ingress(), partition)),
                counters, config.stateStore(), meters, reset);
        Topology topology = NodeTopology.build(topics, parts);

        KafkaStreams streams = new KafkaStreams(topology, streamsProperties(config));
        metrics.bind(streams);
        if (sync.resetState()) {
            streams.cleanUp();
            log.warn("node {}: --reset-state: local state wiped; every partition will be emptied and synchronized again",
                    nodeId);
        }
        UnderstudyNode[] self = new UnderstudyNode[1];
        java.util.concurrent.atomic.AtomicInteger replaced = new java.util.concurrent.atomic.AtomicInteger();
        streams.setUncaughtExceptionHandler(error -> {
            // Under exactly-once a replaced thread aborts the open transaction and resumes from the last commit
            // (state restored from the changelog), so a transaction that failed on an overloaded broker costs a
            // restore, not the node; an error that keeps coming back stops it.
            if (replaced.incrementAndGet() <= MAX_THREAD_REPLACEMENTS) {
                log.error("node {} stream thread failed ({} of at most {} replacements), replacing it: {}", nodeId,
                        replaced.get(), MAX_THREAD_REPLACEMENTS, error.toString(), error);
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
            }
            log.error("node {} stream thread failed again, stopping the node: {}", nodeId, error.toString(), error);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((now, before) -> {
            log.info("node {} streams {} -> {}", nodeId, before, now);
            if (now == KafkaStreams.State.RUNNING && reset.applies()) {
                reset.started();
                log.info("node {}: --reset-state done for the partitions this instance started with; partitions moving"
                        + " in from other instances keep their state", nodeId);
            }
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                if (self[0] != null) {
                    self[0].stopped.countDown();
                }
            }
        });

        AvroSerde<Heartbeat> heartbeatSerde = AvroSerde.forValues(Heartbeat.class, registry);
        KafkaProducer<String, Heartbeat> heartbeatProducer = new KafkaProducer<>(heartbeatProducerSettings(config),
                new StringSerializer(), heartbeatSerde.serializer());
        metrics.bind(heartbeatProducer);
        HeartbeatPublisher heartbeats = new HeartbeatPublisher(heartbeatProducer, topics.heartbeats(nodeId), nodeId,
                config.instanceId(), incarnation, staticInfo, board, () -> processing(streams.state(), config.namedInstance()));

        UnderstudyNode node = new UnderstudyNode(config, streams, heartbeats, leaders, board, counters, staticInfo,
                registry, metrics, positionsAdmin);
        self[0] = node;
        streams.start();
        heartbeats.start(config.heartbeatInterval());
        node.endpoint = ObservabilityEndpoint.builder("node " + nodeId, metrics)
                .liveness(() -> health(streams.state(), !streams.state().hasCompletedShutdown()
                        && streams.state() != KafkaStreams.State.PENDING_ERROR, board))
                .readiness(() -> health(streams.state(), streams.state() == KafkaStreams.State.RUNNING, board))
                .start(config.metricsBindHost(), config.metricsPort()).orElse(null);
        log.info("node {} started: function {} v{} config {}, {} ingress partitions, {}", nodeId,
                staticInfo.getFunctionName(), staticInfo.getFunctionVersion(),
                staticInfo.getConfigHash().substring(0, 12), partitions,
                sync.startsSynchronized() ? "initial primary (synchronized from the beginning of the log)"
                        : "synchronized by the leader where it has no state");
        return node;
    }

    /**
     * Whether the stream threads process, so that heartbeats go on: RUNNING, and for an instance of
     * a node that runs as several, REBALANCING too. Such a rebalance (an instance of the node joined,
     * left, or its session timed out) is cooperative: the tasks an instance keeps go on processing
     * while it lasts, and stay listed in its heartbeats, while a partition it gives up or restores is
     * listed by none (the selector gives that the stall timeout). Were heartbeats to stop for every
     * rebalance, a sibling's death would fail over every partition of the node. A node of one
     * instance rebalances only when it starts or replaces a stream thread: its heartbeats stop then,
     * as they always did, so its partitions fail over within the failure timeout.
     */
    static boolean processing(KafkaStreams.State state, boolean severalInstances) {
        return state == KafkaStreams.State.RUNNING || severalInstances && state == KafkaStreams.State.REBALANCING;
    }

    /** A health answer naming the Streams state and each partition's sync state. */
    private static HealthReport health(KafkaStreams.State state, boolean up, ProgressBoard board) {
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("streams", state.name());
        details.put("partitions", board.statusLine());
        return up ? HealthReport.up(details) : HealthReport.down(details);
    }

    /** The URL of the node's observability endpoint, if it serves one. */
    public java.util.Optional<String> observabilityUrl() {
        return java.util.Optional.ofNullable(endpoint).map(ObservabilityEndpoint::url);
    }

    /** The sync topics that exist now (the selector's orders and each node's): those a new node starts at the end of. */
    private static java.util.List<String> syncTopics(Admin admin, TopicNames topics) {
        java.util.regex.Pattern pattern = topics.syncPattern();
        try {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(topic -> pattern.matcher(topic).matches()).sorted().toList();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot list the sync topics: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing the sync topics", e);
        }
    }

    /** Creates or checks the node's own topics (output, sync, heartbeats); returns the ingress partition count. */
    private static int provisionOutputTopic(NodeConfig config) {
        Map<String, Object> settings = new HashMap<>();
        config.kafkaClientSettings().forEach((key, value) -> settings.put(TopicProvisionerConfig.ADMIN_PREFIX + key, value));
        settings.put(TopicProvisionerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        settings.put(TopicProvisionerConfig.TOPIC_PREFIX_CONFIG, config.topicNames().prefix());
        try (TopicProvisioner provisioner = new TopicProvisioner(new TopicProvisionerConfig(settings));
             Admin admin = Admin.create(config.kafkaClientSettings())) {
            provisioner.ensureNodeTopics(config.topicNames(), config.nodeId());
            // refuse to start on a deployment whose topics disagree (partition counts, cleanup policy)
            provisioner.verifyConsistent(config.topicNames(), java.util.List.of(config.topicNames().ingress(),
                    config.topicNames().syncOrders(), config.topicNames().nodeSync(config.nodeId()),
                    config.topicNames().nodeOutput(config.nodeId()), config.topicNames().heartbeats(config.nodeId())));
            return admin.describeTopics(java.util.List.of(config.topicNames().ingress())).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(config.topicNames().ingress()).partitions().size();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot read the ingress topic " + config.topicNames().ingress() + " at "
                    + config.bootstrapServers() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while provisioning", e);
        }
    }

    /**
     * The ingress offset the node's consumer group has committed for a partition (stable: a pending
     * transactional commit is waited for), or -1 when there is none or it cannot be read: the stash
     * then learns where it begins from its first record.
     */
    private static long committedIngressOffset(Admin admin, String groupId, String ingressTopic, int partition) {
        org.apache.kafka.common.TopicPartition tp = new org.apache.kafka.common.TopicPartition(ingressTopic, partition);
        try {
            org.apache.kafka.clients.consumer.OffsetAndMetadata committed = admin.listConsumerGroupOffsets(
                            Map.of(groupId, new org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec()
                                    .topicPartitions(java.util.List.of(tp))),
                            new org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions().requireStable(true))
                    .partitionsToOffsetAndMetadata(groupId).get(30, TimeUnit.SECONDS).get(tp);
            return committed == null ? -1 : committed.offset();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.warn("cannot read the committed offset of {} for group {}: {}; the stash learns its start from its"
                    + " first record", tp, groupId, e.toString());
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The Kafka Streams application id of a node: one consumer group per node, so each reads all ingress. */
    public static String applicationId(TopicNames topics, String nodeId) {
        return KafkaPassThrough.applicationId(topics.prefix(), "node-" + nodeId);
    }

    /**
     * The node's Kafka Streams properties: its {@code kafka.*} settings, the exactly-once ones
     * ({@link ExactlyOnceStreams}), the node's own, then its {@code streams.*} overrides.
     */
    static Properties streamsProperties(NodeConfig config) {
        String applicationId = applicationId(config.topicNames(), config.nodeId());
        Properties props = new Properties();
        props.putAll(config.kafkaClientSettings());
        props.putAll(ExactlyOnceStreams.properties(applicationId, config.getLong(NodeConfig.COMMIT_INTERVAL_MS_CONFIG),
                config.getInt(NodeConfig.PRODUCER_LINGER_MS_CONFIG)));
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.getInt(NodeConfig.STREAM_THREADS_CONFIG));
        // ingress and sync are independent inputs: never hold one back waiting for data on the other
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.getInt(NodeConfig.STANDBY_REPLICAS_CONFIG));
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toAbsolutePath().toString());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.getShort(NodeConfig.REPLICATION_FACTOR_CONFIG));
        // static membership: a restarted node takes its place back without waiting for the session timeout;
        // one member per instance (the application id alone when the node is one instance, as it always was)
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), groupInstanceId(config));
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
                config.getInt(NodeConfig.SESSION_TIMEOUT_MS_CONFIG));
        // the sync topics are followed by pattern: a node that joins is heard within this long of creating its topic
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.METADATA_MAX_AGE_CONFIG), SYNC_TOPIC_DISCOVERY_MS);
        props.putAll(config.streamsOverrides());
        return props;
    }

    /**
     * The static group member of this instance: the application id for a node that runs as one
     * instance, {@code <application id>.<instance>} for each of several, so that instances of one
     * node never fence each other (Kafka Streams appends each stream thread's index).
     */
    static String groupInstanceId(NodeConfig config) {
        String applicationId = applicationId(config.topicNames(), config.nodeId());
        return config.namedInstance() ? applicationId + "." + config.instanceId() : applicationId;
    }

    private static Map<String, Object> leadershipConsumerSettings(NodeConfig config) {
        Map<String, Object> settings = new HashMap<>(config.kafkaClientSettings());
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "understudy-leadership-" + config.nodeId()
                + (config.namedInstance() ? "." + config.instanceId() : ""));
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        return settings;
    }

    private static Map<String, Object> heartbeatProducerSettings(NodeConfig config) {
        Map<String, Object> settings = new HashMap<>(config.kafkaClientSettings());
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, "understudy-heartbeat-" + config.nodeId()
                + (config.namedInstance() ? "." + config.instanceId() : ""));
        settings.put(ProducerConfig.ACKS_CONFIG, "1");
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2_000);
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000);
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000);
        return settings;
    }

    public String nodeId() {
        return config.nodeId();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public ProgressBoard progress() {
        return board;
    }

    public StaticInfo staticInfo() {
        return staticInfo;
    }

    /** What the synchronization protocol did in this process. */
    public SyncCounters syncCounters() {
        return counters;
    }

    /** Blocks until the node stops processing (a fatal error or {@link #close()}). */
    public boolean awaitStop(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (endpoint != null) {
            endpoint.close();
        }
        heartbeats.close();
        streams.close(Duration.ofSeconds(10));
        leaders.close();
        positionsAdmin.close(Duration.ofSeconds(2));
        metrics.close();
        registry.close();
        stopped.countDown();
        log.info("node {} stopped", config.nodeId());
    }
}
