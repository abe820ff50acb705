package io.understudy.selector;

import io.understudy.records.EgressRecord;
import io.understudy.records.Emission;
import io.understudy.records.Heartbeat;
import io.understudy.records.LeaderChange;
import io.understudy.records.NodeOutput;
import io.understudy.records.PartitionProgress;
import io.understudy.records.SelectorCommand;
import io.understudy.records.SelectorCommandKind;
import io.understudy.records.StaticInfo;
import io.understudy.records.SyncMessage;
import io.understudy.records.SyncState;
import io.understudy.schemas.registry.InMemorySchemaRegistry;
import io.understudy.schemas.serde.AvroSerde;
import io.understudy.schemas.topics.TopicNames;
import io.understudy.selector.leadership.BackupElection;
import io.understudy.selector.leadership.SelectionPolicy;
import io.understudy.selector.liveness.LivenessView;
import io.understudy.selector.routing.SelectorTopology;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * Drives the selector topology with TopologyTestDriver (ingress partition 0), a controllable wall
 * clock and hand-fed heartbeats.
 */
final class SelectorHarness implements AutoCloseable {

    static final long START = 1_000_000L;
    static final SelectionPolicy POLICY = new SelectionPolicy(java.util.Optional.of("a"), 300, 1_000, 1_000, 1, 1_000_000);

    final TopicNames topics = TopicNames.defaults();
    final LivenessView liveness = new LivenessView();
    final TopologyTestDriver driver;
    final Map<String, TestInputTopic<String, NodeOutput>> outputs = new HashMap<>();
    final TestInputTopic<String, SelectorCommand> commands;
    final TestOutputTopic<String, EgressRecord> egress;
    final TestOutputTopic<String, LeaderChange> leadership;
    final TestOutputTopic<String, SyncMessage> sync;
    final TestOutputTopic<String, NodeOutput> deadLetter;
    final List<NodeOutput> deadLetters = new ArrayList<>();
    final List<EgressRecord> emitted = new ArrayList<>();
    final List<LeaderChange> changes = new ArrayList<>();
    final List<SyncMessage> resyncOrders = new ArrayList<>();
    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private long now = START;

    SelectorHarness(SelectionPolicy policy) {
        BackupElection election = new BackupElection(policy, liveness);
        SelectorTopology.Codecs codecs = new SelectorTopology.Codecs(
                AvroSerde.forValues(NodeOutput.class, registry).deserializer(),
                AvroSerde.forValues(SelectorCommand.class, registry).deserializer(),
                AvroSerde.forValues(EgressRecord.class, registry).serializer(),
                AvroSerde.forValues(LeaderChange.class, registry).serializer(),
                AvroSerde.forValues(SyncMessage.class, registry).serializer(),
                AvroSerde.forValues(NodeOutput.class, registry).serializer());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "selector-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, tempDir());
        driver = new TopologyTestDriver(SelectorTopology.build(topics, policy, election, Duration.ofMillis(20), codecs, false),
                props, Instant.ofEpochMilli(START));
        commands = driver.createInputTopic(topics.selectorCommands(), Serdes.String().serializer(),
                AvroSerde.forValues(SelectorCommand.class, registry).serializer());
        egress = driver.createOutputTopic(topics.egress(), Serdes.String().deserializer(),
                AvroSerde.forValues(EgressRecord.class, registry).deserializer());
        leadership = driver.createOutputTopic(topics.leadership(), Serdes.String().deserializer(),
                AvroSerde.forValues(LeaderChange.class, registry).deserializer());
        sync = driver.createOutputTopic(topics.sync(), Serdes.String().deserializer(),
                AvroSerde.forValues(SyncMessage.class, registry).deserializer());
        deadLetter = driver.createOutputTopic(topics.deadLetter(), Serdes.String().deserializer(),
                AvroSerde.forValues(NodeOutput.class, registry).deserializer());
    }

    SelectorHarness() {
        this(POLICY);
    }

    private static String tempDir() {
        try {
            java.nio.file.Path base = java.nio.file.Path.of("target", "state");
            java.nio.file.Files.createDirectories(base);
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory(base, "selector-test");
            dir.toFile().deleteOnExit();
            return dir.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    long now() {
        return now;
    }

    /** Moves the wall clock, running the selector's checks on the way. */
    void advance(long millis) {
        now += millis;
        driver.advanceWallClockTime(Duration.ofMillis(millis));
        drain();
    }

    /** A heartbeat from a node arriving now. */
    void heartbeat(String node, long lastOffset, SyncState state, long syncedFrom) {
        heartbeat(node, lastOffset, state, syncedFrom, "cfg");
    }

    void heartbeat(String node, long lastOffset, SyncState state, long syncedFrom, String configHash) {
        Heartbeat heartbeat = Heartbeat.newBuilder()
                .setNodeId(node)
                .setIncarnation("i-" + node)
                .setSentAt(now)
                .setStaticInfo(new StaticInfo("passthrough", "1", configHash, 1, Map.of()))
                .setPartitions(List.of(new PartitionProgress(0, lastOffset, state, syncedFrom, null)))
                .build();
        liveness.recordArrival(heartbeat, now);
    }

    /** Heartbeats from every given node, synchronized from 0, arriving now. */
    void alive(String... nodes) {
        for (String node : nodes) {
            heartbeat(node, 0, SyncState.SYNCHRONIZED, 0);
        }
    }

    /** A node's output for an ingress offset: one payload "o<offset>", digest = offset unless given. */
    void output(String node, long offset) {
        output(node, offset, offset, SyncState.SYNCHRONIZED, 0, 1);
    }

    void output(String node, long offset, long digest, SyncState state, long syncedFrom, int payloads) {
        output(node, offset, digest, state, syncedFrom, payloads, null);
    }

    /** A node's drop verdict for an ingress offset. */
    void drop(String node, long offset, String reason) {
        output(node, offset, offset, SyncState.SYNCHRONIZED, 0, 0, reason);
    }

    void output(String node, long offset, long digest, SyncState state, long syncedFrom, int payloads, String dropReason) {
        List<Emission> emissions = new ArrayList<>();
        for (int i = 0; i < payloads; i++) {
            emissions.add(new Emission(ByteBuffer.wrap(("o" + offset + "." + i).getBytes(StandardCharsets.UTF_8)), null));
        }
        NodeOutput output = NodeOutput.newBuilder()
                .setNodeId(node)
                .setIngressPartition(0)
                .setIngressOffset(offset)
                .setIngressTimestamp(offset)
                .setFlowId("f" + (offset % 7))
                .setEmissions(emissions)
                .setDropReason(dropReason)
                .setSyncState(state)
                .setSyncedFrom(syncedFrom)
                .setStateDigest(digest)
                .build();
        outputs.computeIfAbsent(node, n -> driver.createInputTopic(topics.nodeOutput(n), Serdes.String().serializer(),
                AvroSerde.forValues(NodeOutput.class, registry).serializer()))
                .pipeInput(output.getFlowId(), output, now);
        drain();
    }

    void switchover(String target) {
        commands.pipeInput("0", new SelectorCommand(SelectorCommandKind.SWITCHOVER, 0, target, "test", now), now);
        drain();
    }

    private void drain() {
        emitted.addAll(egress.readValuesToList());
        changes.addAll(leadership.readValuesToList());
        resyncOrders.addAll(sync.readValuesToList());
        deadLetters.addAll(deadLetter.readValuesToList());
    }

    /** The ingress offsets of the egress so far, in egress order. */
    List<Long> egressOffsets() {
        return emitted.stream().map(EgressRecord::getIngressOffset).toList();
    }

    @Override
    public void close() {
        driver.close();
    }
}
