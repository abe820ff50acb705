package io.understudy.selector.internals.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.understudy.records.EmissionRecord;
import io.understudy.records.NodeOutput;
import io.understudy.records.Resync;
import io.understudy.records.SelectorState;
import io.understudy.records.SyncMessage;
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
 * A new owner's look-up of digests against a real broker: node b's outputs 0-9 reach the new owner
 * only after its takeover, behind the watermark 9 its predecessor left, and no state named them
 * (the predecessor never heard b). The worker's {@link DigestReader} finds a's outputs for them
 * by their ingress timestamp ({@code offsetsForTimes}) on a consumer of its own, and compares: b
 * agreeing stays eligible with no resync order; b diverged at 5 is ordered to resynchronize for
 * the mismatch. Without the look-up both end in a "not compared" resync order (the compose test's
 * failure of 2026-12-07).
 */
@ExtendWith(UnderstudyStackExtension.class)
class DigestLookupIT {

    private static final int OUTPUTS = 10;
    /** The ingress timestamp of offset 0 (offset o has BASE + 10 o): the record timestamp of both nodes' outputs. */
    private static final long BASE = 1_700_000_000_000L;

    @Test
    void aBackupNoStateNamedIsComparedWithTheLeadersOutputsFoundByTimestamp(StackEndpoints stack) throws Exception {
        try (Fixture fixture = new Fixture(stack, -1)) {
            fixture.worker();
            fixture.awaitComparisons("equal", OUTPUTS);
            assertEquals(List.of(), fixture.resyncOrders(0), "b agrees: no resync order");
            assertEquals(0.0, fixture.comparisons("uncomparable"));
            assertTrue(fixture.comparisons("looked_up") >= 1);
        }
    }

    @Test
    void aDivergedBackupNoStateNamedIsOrderedToResynchronizeForTheMismatch(StackEndpoints stack) throws Exception {
        try (Fixture fixture = new Fixture(stack, 5)) {
            fixture.worker();
            List<String> orders = fixture.resyncOrders(1);
            assertEquals(List.of("b: digest mismatch with leader a at offset 5"), orders);
            assertEquals(5.0, fixture.comparisons("equal"), "b's outputs 0-4 compared equal before the mismatch");
            assertEquals(0.0, fixture.comparisons("uncomparable"));
        }
    }

    /** Topics, a's and b's outputs 0-9 on their topics, and a worker resuming partition 0 after a's watermark 9. */
    private static final class Fixture implements AutoCloseable {
        private final StackEndpoints stack;
        private final TopicNames topics = new TopicNames("lookup-it-" + System.nanoTime() + ".");
        private final SchemaRegistryClient registry;
        private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
        private final SelectorCodecs codecs;
        private final List<AutoCloseable> closeables = new ArrayList<>();
        private final AtomicReference<String> stopped = new AtomicReference<>();

        Fixture(StackEndpoints stack, long bDivergesAt) throws Exception {
            this.stack = stack;
            try (TopicProvisioner provisioner = TopicProvisioner.forCluster(stack.bootstrapServers())) {
                provisioner.ensureTopics(topics, 1, (short) 1, List.of("a", "b"));
            }
            this.registry = SchemaRegistryClient.forUrl(stack.schemaRegistryUrl());
            this.codecs = SelectorCodecs.of(registry);
            try (KafkaProducer<String, NodeOutput> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()), new StringSerializer(),
                    AvroSerde.forValues(NodeOutput.class, registry).serializer())) {
                for (long offset = 0; offset < OUTPUTS; offset++) {
                    send(producer, output("a", offset, offset));
                }
                for (long offset = 0; offset < OUTPUTS; offset++) {
                    send(producer, output("b", offset, offset == bDivergesAt ? 999 : offset));
                }
            }
        }

        /** As a node's output is written: its record timestamp is its ingress record's. */
        private void send(KafkaProducer<String, NodeOutput> producer, NodeOutput output) throws Exception {
            producer.send(new ProducerRecord<>(topics.nodeOutput(output.getNodeId()), 0, output.getIngressTimestamp(),
                    output.getFlowId(), output)).get();
        }

        /** A worker of shard 0 that took partition 0 over from an owner that emitted a's 0-9 and never heard b. */
        ShardWorker worker() {
            ShardWorker.Context context = WorkerParts.context(topics, "lookup-it", meters, codecs);
            Producer<String, byte[]> producer = WorkerParts.shardProducer(stack.bootstrapServers(), topics);
            SelectorState state = SelectorState.newBuilder().setPartition(0).setLeader("a").setEpoch(1).setWatermark(9)
                    .setStaticFingerprint("fp").setAlarm(false).setIneligible(List.of())
                    .setResumePositions(Map.of("a", 10L)).setCommandsPosition(0).setWrittenBy("the old owner")
                    .setEpochStart(0).setDigestsFrom(-1).build();
            ShardWorker worker = new ShardWorker(0, List.of(0), Map.of(0, state), context, producer, consumer(),
                    this::consumer, Set.of(), WriteGate.opened(), (shard, fenced, why) -> stopped.set(why));
            closeables.add(worker);
            return worker.start();
        }

        private Consumer<String, byte[]> consumer() {
            return WorkerParts.consumer(stack.bootstrapServers(), true);
        }

        double comparisons(String outcome) {
            Counter counter = meters.find("understudy.selector.comparisons").tag("outcome", outcome).counter();
            return counter == null ? 0 : counter.count();
        }

        void awaitComparisons(String outcome, int count) throws InterruptedException {
            long deadline = System.currentTimeMillis() + 30_000;
            while (comparisons(outcome) < count) {
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError("not within 30 s: " + count + " comparisons " + outcome + " (got "
                            + comparisons(outcome) + ", uncomparable " + comparisons("uncomparable") + "; stopped: "
                            + stopped.get() + ")");
                }
                Thread.sleep(10);
            }
        }

        /** The committed resync orders on the sync topic, as "recipient: reason": waits for {@code expected}, or 2 s when 0. */
        List<String> resyncOrders(int expected) {
            List<String> orders = new ArrayList<>();
            var decoder = AvroSerde.forValues(SyncMessage.class, registry).deserializer();
            try (Consumer<String, byte[]> consumer = consumer()) {
                TopicPartition sync = new TopicPartition(topics.syncOrders(), 0);
                consumer.assign(List.of(sync));
                consumer.seekToBeginning(List.of(sync));
                long deadline = System.currentTimeMillis() + (expected == 0 ? 2_000 : 30_000);
                while (System.currentTimeMillis() < deadline && (expected == 0 || orders.size() < expected)) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        SyncMessage message = decoder.deserialize(record.topic(), record.value());
                        if (message.getBody() instanceof Resync resync) {
                            orders.add(message.getRecipient() + ": " + resync.getReason());
                        }
                    }
                }
            }
            return orders;
        }

        @Override
        public void close() throws Exception {
            for (AutoCloseable closeable : closeables) {
                closeable.close();
            }
            registry.close();
        }
    }

    private static NodeOutput output(String node, long offset, long digest) {
        return NodeOutput.newBuilder().setNodeId(node).setIngressPartition(0).setIngressOffset(offset)
                .setIngressTimestamp(BASE + 10 * offset).setFlowId("f")
                .setEmissions(List.of(new EmissionRecord(ByteBuffer.wrap(("o" + offset).getBytes(StandardCharsets.UTF_8)), null)))
                .setDropReason(null).setSyncState(SyncState.SYNCHRONIZED).setSyncedFrom(0).setStateDigest(digest).build();
    }
}
