package io.understudy.selector.internals.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.understudy.records.EgressRecord;
import io.understudy.records.EmissionRecord;
import io.understudy.records.NodeOutput;
import io.understudy.records.SelectorState;
import io.understudy.records.SyncState;
import io.understudy.schemas.registry.SchemaRegistryClient;
import io.understudy.schemas.serde.AvroSerde;
import io.understudy.schemas.topics.TopicNames;
import io.understudy.schemas.topics.TopicProvisioner;
import io.understudy.stack.StackEndpoints;
import io.understudy.stack.junit.UnderstudyStackExtension;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A new owner's worker against a real broker: started before its takeover is confirmed, it reads
 * and decides (every output here) but writes nothing, not even into an open transaction, until its
 * {@link WriteGate} opens; refused, it stops having written nothing; opened, it writes everything it
 * decided meanwhile, in order. The producer is initialized before the worker starts, so a worker that
 * ignored its gate would write at once.
 */
@ExtendWith(UnderstudyStackExtension.class)
class WriteGateIT {

    private static final int OUTPUTS = 10;

    @Test
    void aWorkerWritesNothingBeforeItsGateOpensAndStopsUnwrittenWhenItIsRefused(StackEndpoints stack) throws Exception {
        try (Fixture fixture = new Fixture(stack)) {
            WriteGate gate = new WriteGate();
            AtomicReference<String> stopped = new AtomicReference<>();
            ShardWorker worker = fixture.worker(gate, (shard, fenced, why) -> {
                stopped.set(why);
                fixture.stopped.set(why);
            });
            fixture.awaitRead(OUTPUTS);
            Thread.sleep(300); // a commit interval and more: a worker that ignored its gate would have written by now
            assertEquals(0, fixture.egress(IsolationLevel.UNCOMMITTED, 0).size(), "nothing written, not even uncommitted");

            gate.refuse("the state moved");
            awaitTrue(() -> stopped.get() != null, "the worker stopped");
            assertTrue(stopped.get().contains("takeover not confirmed, nothing written: the state moved"), stopped.get());
            assertEquals(0, fixture.egress(IsolationLevel.UNCOMMITTED, 0).size(), "still nothing written");
            worker.close();
        }
    }

    @Test
    void aWorkerWhoseGateOpensWritesWhatItDecidedMeanwhileInOrder(StackEndpoints stack) throws Exception {
        try (Fixture fixture = new Fixture(stack)) {
            WriteGate gate = new WriteGate();
            ShardWorker worker = fixture.worker(gate, (shard, fenced, why) -> fixture.stopped.set(why));
            fixture.awaitRead(OUTPUTS);
            assertEquals(0, fixture.egress(IsolationLevel.UNCOMMITTED, 0).size());

            gate.open();
            List<EgressRecord> egress = fixture.egress(IsolationLevel.COMMITTED, OUTPUTS);
            List<Long> offsets = egress.stream().map(EgressRecord::getIngressOffset).toList();
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), offsets, "every output once, in order");
            worker.close();
        }
    }

    private enum IsolationLevel { COMMITTED, UNCOMMITTED }

    /** Topics, node a's outputs 0-9 on its topic, and a worker's parts, on a fresh topic prefix. */
    private static final class Fixture implements AutoCloseable {
        private final StackEndpoints stack;
        private final TopicNames topics = new TopicNames("gate-it-" + System.nanoTime() + ".");
        private final SchemaRegistryClient registry;
        private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
        private final SelectorCodecs codecs;
        private final List<AutoCloseable> closeables = new ArrayList<>();
        /** Why the worker stopped by itself, if it did. */
        final AtomicReference<String> stopped = new AtomicReference<>();

        Fixture(StackEndpoints stack) throws Exception {
            this.stack = stack;
            try (TopicProvisioner provisioner = TopicProvisioner.forCluster(stack.bootstrapServers())) {
                provisioner.ensureTopics(topics, 1, (short) 1, List.of("a"));
            }
            this.registry = SchemaRegistryClient.forUrl(stack.schemaRegistryUrl());
            this.codecs = SelectorCodecs.of(registry);
            try (KafkaProducer<String, NodeOutput> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()), new StringSerializer(),
                    AvroSerde.forValues(NodeOutput.class, registry).serializer())) {
                for (long offset = 0; offset < OUTPUTS; offset++) {
                    producer.send(new ProducerRecord<>(topics.nodeOutput("a"), 0, "f", output(offset))).get();
                }
            }
        }

        /** A worker of shard 0 resuming partition 0 with a leading, from the start of a's topic. */
        ShardWorker worker(WriteGate gate, ShardWorker.Listener listener) {
            ShardWorker.Context context = WorkerParts.context(topics, "gate-it", meters, codecs);
            // initialized before the worker starts: only the gate can hold it back
            Producer<String, byte[]> producer = WorkerParts.shardProducer(stack.bootstrapServers(), topics);
            Consumer<String, byte[]> consumer = WorkerParts.consumer(stack.bootstrapServers(), true);
            SelectorState state = SelectorState.newBuilder().setPartition(0).setLeader("a").setEpoch(1).setWatermark(-1)
                    .setStaticFingerprint("fp").setAlarm(false).setIneligible(List.of()).setResumePositions(Map.of())
                    .setCommandsPosition(0).setWrittenBy("the old owner").build();
            ShardWorker worker = new ShardWorker(0, List.of(0), Map.of(0, state), context, producer, consumer,
                    () -> { throw new AssertionError("no look-up: every output here is past the watermark"); }, Set.of(),
                    gate, listener);
            closeables.add(worker);
            return worker.start();
        }

        void awaitRead(int outputs) throws InterruptedException {
            awaitTrue(() -> {
                Counter in = meters.find("understudy.selector.records.in").tag("node", "a").counter();
                return in != null && in.count() >= outputs;
            }, "the worker read " + outputs + " outputs of a (stopped: " + stopped.get() + ")");
        }

        /** Everything on egress at the given isolation level: waits for {@code expected} records, or 1 s when 0. */
        List<EgressRecord> egress(IsolationLevel isolation, int expected) throws InterruptedException {
            List<EgressRecord> records = new ArrayList<>();
            var decoder = AvroSerde.forValues(EgressRecord.class, registry).deserializer();
            try (Consumer<String, byte[]> consumer = WorkerParts.consumer(stack.bootstrapServers(),
                    isolation == IsolationLevel.COMMITTED)) {
                TopicPartition egress = new TopicPartition(topics.egress(), 0);
                consumer.assign(List.of(egress));
                consumer.seekToBeginning(List.of(egress));
                long deadline = System.currentTimeMillis() + (expected == 0 ? 1_000 : 30_000);
                while (System.currentTimeMillis() < deadline && (expected == 0 || records.size() < expected)) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        records.add(decoder.deserialize(record.topic(), record.value()));
                    }
                }
            }
            return records;
        }

        @Override
        public void close() throws Exception {
            for (AutoCloseable closeable : closeables) {
                closeable.close();
            }
            registry.close();
        }
    }

    private static NodeOutput output(long offset) {
        return NodeOutput.newBuilder().setNodeId("a").setIngressPartition(0).setIngressOffset(offset)
                .setIngressTimestamp(offset).setFlowId("f")
                .setEmissions(List.of(new EmissionRecord(ByteBuffer.wrap(("o" + offset).getBytes(StandardCharsets.UTF_8)), null)))
                .setDropReason(null).setSyncState(SyncState.SYNCHRONIZED).setSyncedFrom(0).setStateDigest(offset).build();
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(10);
        }
    }
}
