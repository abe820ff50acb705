package io.understudy.node.internals.processing;

import io.understudy.api.FunctionConfig;
import io.understudy.node.internals.function.BoundFunction;
import io.understudy.node.internals.function.FunctionCatalog;
import io.understudy.node.internals.function.StaticInfoFactory;
import io.understudy.node.internals.heartbeat.ProgressBoard;
import io.understudy.node.internals.leadership.LeaderLookup;
import io.understudy.node.internals.state.PartitionStatus;
import io.understudy.node.internals.sync.SyncCounters;
import io.understudy.node.internals.sync.SyncSettings;
import io.understudy.node.testing.ClosingSessions;
import io.understudy.records.NodeOutput;
import io.understudy.records.PacketKind;
import io.understudy.records.SyncMessage;
import io.understudy.records.TrafficPacket;
import io.understudy.schemas.registry.InMemorySchemaRegistry;
import io.understudy.schemas.serde.AvroSerde;
import io.understudy.schemas.serde.SchemaCatalog;
import io.understudy.schemas.topics.TopicNames;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * One node's task for ingress partition 0, driven record by record, that can be re-initialized in
 * the same process ({@link #reinitialize()}): a new {@link NodeProcessor} over the same stores and
 * the same {@link NodeTopology.Parts} (start positions included), as Kafka Streams does when it
 * replaces a stream thread or moves a task. TopologyTestDriver cannot do that: its state goes with
 * it. The test says at which offset each ingress record arrives, so it also decides where a task
 * resumes after a re-initialization.
 */
public final class RestartableTask implements AutoCloseable {

    public final String nodeId;
    public final ProgressBoard board = new ProgressBoard();
    public final SyncCounters counters = new SyncCounters();
    private final TopicNames topics = TopicNames.defaults();
    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final AvroSerde<TrafficPacket> packets = AvroSerde.forValues(TrafficPacket.class, registry);
    private final AvroSerde<NodeOutput> outputs = AvroSerde.forValues(NodeOutput.class, registry);
    private final AvroSerde<SyncMessage> sync = AvroSerde.forValues(SyncMessage.class, registry);
    private NodeTopology.Parts parts;
    private final List<KeyValueStore<?, ?>> stores = new ArrayList<>();
    private MockProcessorContext<String, SpecificRecord> context;
    private NodeProcessor processor;
    private long now = 1_700_000_000_000L;
    private long syncOffset;
    private final List<long[]> punctuatorDue = new ArrayList<>();
    private final List<SyncMessage> syncSent = new ArrayList<>();
    private final List<NodeOutput> outputsEmitted = new ArrayList<>();

    public RestartableTask(String nodeId, String function, FunctionConfig config, SyncSettings settings,
                           long startPosition, LeaderLookup leaders) {
        this.nodeId = nodeId;
        BoundFunction bound = FunctionCatalog.load().with(ClosingSessions.PROVIDER).create(function, config);
        parts = new NodeTopology.Parts(nodeId, bound, StaticInfoFactory.of(bound, 1, SchemaCatalog.fingerprints()),
                packets.deserializer(), outputs.serializer(), sync.deserializer(), sync.serializer(), board, leaders,
                settings, new io.understudy.node.internals.startup.PresetPositions(startPosition < 0 ? Map.of() : Map.of(0, startPosition)),
                counters, NodeStores.Kind.IN_MEMORY,
                new io.understudy.node.internals.metrics.NodeMeters(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()),
                new io.understudy.node.internals.startup.StateReset(settings.resetState()));
        stores.add(build(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(NodeStores.FLOWS), Serdes.String(),
                Serdes.ByteArray())));
        stores.add(build(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(NodeStores.PARTITION_STATUS),
                Serdes.Integer(), Serdes.ByteArray())));
        stores.add(build(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(NodeStores.STASH), Serdes.Bytes(),
                Serdes.ByteArray())));
        stores.add(build(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(NodeStores.SYNC_PROGRESS),
                Serdes.Integer(), Serdes.ByteArray())));
        start();
    }

    private static <S extends KeyValueStore<?, ?>> S build(StoreBuilder<S> builder) {
        return builder.withLoggingDisabled().withCachingDisabled().build();
    }

    private void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "task-test-" + nodeId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        context = new MockProcessorContext<>(props);
        context.setCurrentSystemTimeMs(now);
        for (KeyValueStore<?, ?> store : stores) {
            if (!store.isOpen()) {
                store.init(context.getStateStoreContext(), store);
            }
            context.addStateStore(store);
        }
        processor = new NodeProcessor(parts, topics, null);
        processor.init(context);
        punctuatorDue.clear();
        for (var punctuator : context.scheduledPunctuators()) {
            punctuatorDue.add(new long[] {now + punctuator.getInterval().toMillis()});
        }
    }

    /** The task is closed and initialized again in the same process, over the same stores. */
    public void reinitialize() {
        collect();
        processor.close();
        start();
    }

    /**
     * The partition moves to another instance of the same node: the task starts again over the
     * same stores (as restored from the changelog) in a process with its own synchronization
     * settings (its incarnation, whether it was started with {@code --reset-state}), start
     * position and state reset.
     */
    public void moveToInstance(SyncSettings settings, long startPosition,
                               io.understudy.node.internals.startup.StateReset reset) {
        collect();
        processor.close();
        parts = new NodeTopology.Parts(parts.nodeId(), parts.function(), parts.staticInfo(), parts.packets(),
                parts.outputs(), parts.syncDecoder(), parts.syncEncoder(), parts.board(), parts.leaders(), settings,
                new io.understudy.node.internals.startup.PresetPositions(startPosition < 0 ? Map.of() : Map.of(0, startPosition)),
                parts.counters(), parts.stores(), parts.meters(), reset);
        start();
    }

    /** The ingress record at {@code offset}: flow, payload "p" + what the caller says. */
    public void ingress(long offset, String flow, String payload, long timestamp) {
        TrafficPacket packet = new TrafficPacket(flow, PacketKind.DATA,
                ByteBuffer.wrap(payload.getBytes(StandardCharsets.UTF_8)), "test", -1L);
        context.setRecordMetadata(topics.ingress(), 0, offset);
        processor.process(new Record<>(flow, packets.serializer().serialize(topics.ingress(), packet), timestamp));
    }

    /** Hands sync messages (another node's) to this task, in order. */
    public void deliver(List<SyncMessage> messages) {
        for (SyncMessage message : messages) {
            String topic = message.getBody() instanceof io.understudy.records.Resync ? topics.syncOrders()
                    : topics.nodeSync(message.getSender());
            context.setRecordMetadata(topic, 0, syncOffset++);
            processor.process(new Record<>(message.getSender(), sync.serializer().serialize(topic, message), 0L));
        }
    }

    /** Moves the wall clock, running the task's punctuations that fall due on the way. */
    public void advance(Duration duration) {
        long until = now + duration.toMillis();
        var punctuators = context.scheduledPunctuators();
        for (int i = 0; i < punctuators.size(); i++) {
            var punctuator = punctuators.get(i);
            if (punctuator.getType() != PunctuationType.WALL_CLOCK_TIME) {
                continue;
            }
            long[] due = punctuatorDue.get(i);
            while (due[0] <= until) {
                now = due[0];
                context.setCurrentSystemTimeMs(now);
                punctuator.getPunctuator().punctuate(now);
                due[0] += punctuator.getInterval().toMillis();
            }
        }
        now = until;
        context.setCurrentSystemTimeMs(now);
    }

    /** The sync messages this task sent since the last call. */
    public List<SyncMessage> drainSync() {
        collect();
        List<SyncMessage> sent = List.copyOf(syncSent);
        syncSent.clear();
        return sent;
    }

    /** The outputs this task emitted since the last call. */
    public List<NodeOutput> drainOutputs() {
        collect();
        List<NodeOutput> emitted = List.copyOf(outputsEmitted);
        outputsEmitted.clear();
        return emitted;
    }

    private void collect() {
        for (var forward : context.forwarded()) {
            String child = forward.childName().orElse("");
            if (child.equals(NodeTopology.SYNC_SINK)) {
                syncSent.add((SyncMessage) forward.record().value());
            } else if (child.equals(NodeTopology.OUTPUT_SINK)) {
                outputsEmitted.add((NodeOutput) forward.record().value());
            }
        }
        context.resetForwards();
    }

    public PartitionStatus status() {
        return board.status(0);
    }

    @SuppressWarnings("unchecked")
    public <K, V> KeyValueStore<K, V> store(String name) {
        return (KeyValueStore<K, V>) context.getStateStore(name);
    }

    @Override
    public void close() {
        processor.close();
        stores.forEach(KeyValueStore::close);
    }
}
