package io.understudy.node.testing;

import io.understudy.api.FunctionConfig;
import io.understudy.node.NodeConfig;
import io.understudy.node.internals.function.BoundFunction;
import io.understudy.node.internals.function.FunctionCatalog;
import io.understudy.node.internals.function.StaticInfoFactory;
import io.understudy.node.internals.heartbeat.ProgressBoard;
import io.understudy.node.internals.leadership.LeaderLookup;
import io.understudy.node.internals.processing.NodeStores;
import io.understudy.node.internals.processing.NodeTopology;
import io.understudy.node.internals.state.PartitionStatus;
import io.understudy.node.internals.sync.SyncCounters;
import io.understudy.node.internals.sync.SyncSettings;
import io.understudy.records.NodeOutput;
import io.understudy.records.PacketKind;
import io.understudy.records.SyncMessage;
import io.understudy.records.TrafficPacket;
import io.understudy.schemas.registry.InMemorySchemaRegistry;
import io.understudy.schemas.serde.AvroSerde;
import io.understudy.schemas.serde.SchemaCatalog;
import io.understudy.schemas.topics.TopicNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * One node's topology under TopologyTestDriver (ingress partition 0). Several harnesses make a
 * deployment: the test carries sync messages from one to another by hand ({@link #drainSync()},
 * {@link #deliver}), so it sees and asserts every message of the protocol.
 */
public final class NodeHarness implements AutoCloseable {

    public static final Instant START = Instant.ofEpochSecond(1_700_000_000L);

    public final String nodeId;
    public final TopicNames topics = TopicNames.defaults();
    /** The node's meters. */
    public final io.micrometer.core.instrument.simple.SimpleMeterRegistry meters =
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    public final ProgressBoard board = new ProgressBoard();
    public final SyncCounters counters = new SyncCounters();
    public final TopologyTestDriver driver;
    private final TestInputTopic<String, byte[]> ingress;
    private final Map<String, TestInputTopic<String, SyncMessage>> syncIn = new java.util.HashMap<>();
    private final TestOutputTopic<String, byte[]> rawOutputs;
    private final TestOutputTopic<String, SyncMessage> syncOut;
    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final AvroSerde<TrafficPacket> packets = AvroSerde.forValues(TrafficPacket.class, registry);
    private final AvroSerde<NodeOutput> outputs = AvroSerde.forValues(NodeOutput.class, registry);
    private final AvroSerde<SyncMessage> sync = AvroSerde.forValues(SyncMessage.class, registry);

    /** A node of the given function, synchronization settings and ingress start position. */
    public NodeHarness(String nodeId, String function, FunctionConfig config, SyncSettings settings, long startPosition,
                       LeaderLookup leaders) {
        this.nodeId = nodeId;
        BoundFunction bound = FunctionCatalog.load().with(ClosingSessions.PROVIDER).with(FailingFunction.PROVIDER).create(function, config);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "node-test-" + nodeId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, tempDir());
        NodeTopology.Parts parts = new NodeTopology.Parts(nodeId, bound,
                StaticInfoFactory.of(bound, 1, SchemaCatalog.fingerprints()), packets.deserializer(), outputs.serializer(),
                sync.deserializer(), sync.serializer(), board, leaders, settings,
                new io.understudy.node.internals.startup.PresetPositions(startPosition < 0 ? Map.of() : Map.of(0, startPosition)),
                counters, NodeStores.Kind.IN_MEMORY,
                new io.understudy.node.internals.metrics.NodeMeters(meters),
                new io.understudy.node.internals.startup.StateReset(settings.resetState()));
        driver = new TopologyTestDriver(NodeTopology.build(topics, parts), props, START);
        ingress = driver.createInputTopic(topics.ingress(), Serdes.String().serializer(), Serdes.ByteArray().serializer());

        rawOutputs = driver.createOutputTopic(topics.nodeOutput(nodeId), Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
        syncOut = driver.createOutputTopic(topics.nodeSync(nodeId), Serdes.String().deserializer(), sync.deserializer());
    }

    /** The initial primary of a fresh deployment, passthrough, with no leadership known. */
    public NodeHarness(String nodeId, String function) {
        this(nodeId, function, FunctionConfig.empty(), syncDefaults(true), -1, partition -> java.util.Optional.empty());
    }

    /**
     * A node's synchronization settings with every default of {@link NodeConfig} but the session
     * timeout, pinned to the 30 s the tests' clock steps are written for.
     */
    public static SyncSettings syncDefaults(boolean initialPrimary) {
        return new NodeConfig(Map.of(NodeConfig.NODE_ID_CONFIG, "test",
                NodeConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092", NodeConfig.SCHEMA_REGISTRY_URL_CONFIG, "http://unused",
                NodeConfig.START_SYNCHRONIZED_CONFIG, initialPrimary,
                NodeConfig.SYNC_SESSION_TIMEOUT_MS_CONFIG, 30_000L)).syncSettings("incarnation-1");
    }

    public void send(String flow, String payload, long timestamp) {
        TrafficPacket packet = new TrafficPacket(flow, PacketKind.DATA,
                ByteBuffer.wrap(payload.getBytes(StandardCharsets.UTF_8)), "test", -1L);
        ingress.pipeInput(flow, packets.serializer().serialize(topics.ingress(), packet), timestamp);
    }

    /** A data packet its endpoint numbered {@code sequence} within its flow (-1: not numbered). */
    public void sendNumbered(String flow, String payload, long sequence, long timestamp) {
        TrafficPacket packet = new TrafficPacket(flow, PacketKind.DATA,
                ByteBuffer.wrap(payload.getBytes(StandardCharsets.UTF_8)), "test", sequence);
        ingress.pipeInput(flow, packets.serializer().serialize(topics.ingress(), packet), timestamp);
    }

    /** A data packet whose payload is {@code payload}, as is. */
    public void sendBytes(String flow, byte[] payload, long timestamp) {
        TrafficPacket packet = new TrafficPacket(flow, PacketKind.DATA, ByteBuffer.wrap(payload), "test", -1L);
        ingress.pipeInput(flow, packets.serializer().serialize(topics.ingress(), packet), timestamp);
    }

    /** The ingress value serde of this node (its registry): for records sent with {@link #sendRaw}. */
    public AvroSerde<TrafficPacket> packets() {
        return packets;
    }

    public void sendRaw(String flow, byte[] value, long timestamp) {
        ingress.pipeInput(flow, value, timestamp);
    }

    public List<TestRecord<String, byte[]>> drainRaw() {
        return rawOutputs.readRecordsToList();
    }

    public List<NodeOutput> drainOutputs() {
        return drainRaw().stream().map(record -> decode(record.value())).toList();
    }

    public NodeOutput decode(byte[] raw) {
        return outputs.deserializer().deserialize(topics.nodeOutput("x"), raw);
    }

    /** The sync messages this node sent since the last call. */
    public List<SyncMessage> drainSync() {
        return syncOut.readValuesToList().stream().filter(message -> message.getSender().equals(nodeId)).toList();
    }

    /**
     * Hands sync messages (another node's) to this node, in order, each on the topic its sender
     * writes: a node's own sync topic, the selector's orders topic for a resync order.
     */
    public void deliver(List<SyncMessage> messages) {
        for (SyncMessage message : messages) {
            deliverOn(topicOf(message), message);
        }
    }

    /** Hands one sync message to this node as if read from {@code topic}, whoever it claims to be from. */
    public void deliverOn(String topic, SyncMessage message) {
        syncIn.computeIfAbsent(topic, t -> driver.createInputTopic(t, Serdes.String().serializer(), sync.serializer()))
                .pipeInput(message.getSender(), message);
    }

    /** The topic a genuine sender writes this message to. */
    public String topicOf(SyncMessage message) {
        return message.getBody() instanceof io.understudy.records.Resync ? topics.syncOrders()
                : topics.nodeSync(message.getSender());
    }

    /** Moves this node's wall clock, running its punctuations on the way. */
    public void advance(Duration duration) {
        driver.advanceWallClockTime(duration);
    }

    public PartitionStatus status() {
        return board.status(0);
    }

    public KeyValueStore<String, byte[]> flows() {
        return driver.getKeyValueStore(NodeStores.FLOWS);
    }

    private static String tempDir() {
        try {
            Path base = Path.of("target", "state");
            Files.createDirectories(base);
            return Files.createTempDirectory(base, "node-test").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.close();
    }
}
