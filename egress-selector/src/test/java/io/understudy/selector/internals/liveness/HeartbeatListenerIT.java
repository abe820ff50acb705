package io.understudy.selector.internals.liveness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.records.Heartbeat;
import io.understudy.records.PartitionProgress;
import io.understudy.records.StaticInfo;
import io.understudy.records.SyncState;
import io.understudy.schemas.registry.SchemaRegistryClient;
import io.understudy.schemas.serde.AvroSerde;
import io.understudy.schemas.topics.TopicFollower;
import io.understudy.schemas.topics.TopicNames;
import io.understudy.schemas.topics.TopicProvisioner;
import io.understudy.stack.StackEndpoints;
import io.understudy.stack.junit.UnderstudyStackExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The heartbeat readers against a real broker: they judge time by the broker's timestamps of the
 * heartbeats, a restarted reader knows at once who was alive in the last seconds and says when it
 * has caught up (the end of the start-up grace), and a reader whose thread died says so.
 */
@ExtendWith(UnderstudyStackExtension.class)
class HeartbeatListenerIT {

    @Test
    void timeIsTheBrokersAndTheViewIsCaughtUpOnceTheEndOfTheTopicAtTheStartWasRead(StackEndpoints stack) throws Exception {
        TopicNames topics = provision(stack);
        try (SchemaRegistryClient registry = SchemaRegistryClient.forUrl(stack.schemaRegistryUrl());
             KafkaProducer<String, Heartbeat> producer = producer(stack, registry)) {
            RecordMetadata a = send(producer, topics, "a");
            RecordMetadata b = send(producer, topics, "b");
            LivenessView view = new LivenessView();
            try (HeartbeatListener listener = new HeartbeatListener(consumer(stack, registry), topics.heartbeats(),
                    Duration.ofSeconds(10), view)) {
                listener.start();
                awaitTrue(view::caughtUp, "the listener caught up");
                assertEquals(a.timestamp(), view.latest("a").orElseThrow().arrivedAt(), "the broker's timestamp of a's");
                assertEquals(b.timestamp(), view.now(), "now is the timestamp of the latest heartbeat read");
                assertTrue(listener.alive());
                RecordMetadata later = send(producer, topics, "b");
                awaitTrue(() -> view.now() == later.timestamp(), "time moves with the heartbeats read");
                assertEquals(a.timestamp(), view.latest("a").orElseThrow().arrivedAt());
                assertEquals(later.timestamp() - a.timestamp(), view.latest("a").orElseThrow().ageAt(view.now()));
            }
        }
    }

    @Test
    void aReaderWhoseThreadDiedIsNotAliveAndSaysWhy(StackEndpoints stack) throws Exception {
        TopicNames topics = provision(stack);
        try (SchemaRegistryClient registry = SchemaRegistryClient.forUrl(stack.schemaRegistryUrl());
             KafkaProducer<String, Heartbeat> producer = producer(stack, registry)) {
            AtomicInteger seen = new AtomicInteger();
            try (TopicFollower<String, Heartbeat> follower = new TopicFollower<String, Heartbeat>(consumer(stack, registry),
                    topics.heartbeats(), TopicFollower.Start.RECENT, Duration.ofMillis(50), "test-follower", record -> {
                        seen.incrementAndGet();
                        if (record.value().getNodeId().equals("boom")) {
                            throw new IllegalStateException("the sink failed");
                        }
                    }).withLookback(Duration.ofSeconds(10))) {
                follower.start();
                send(producer, topics, "a");
                awaitTrue(() -> seen.get() == 1, "a read");
                assertTrue(follower.running());
                send(producer, topics, "boom");
                awaitTrue(() -> !follower.running(), "the follower died");
                assertTrue(follower.failure().contains("the sink failed"), follower.failure());
                send(producer, topics, "c");
                Thread.sleep(300);
                assertEquals(2, seen.get(), "nothing is read any more");
                assertFalse(follower.running());
            }
        }
    }

    private static TopicNames provision(StackEndpoints stack) {
        TopicNames topics = new TopicNames("hb-it-" + System.nanoTime() + ".");
        try (TopicProvisioner provisioner = TopicProvisioner.forCluster(stack.bootstrapServers())) {
            provisioner.ensureTopics(topics, 1, (short) 1, List.of("a"));
        }
        return topics;
    }

    private static RecordMetadata send(KafkaProducer<String, Heartbeat> producer, TopicNames topics, String node)
            throws Exception {
        Heartbeat heartbeat = Heartbeat.newBuilder().setNodeId(node).setIncarnation("i").setSentAt(0) // a stopped clock: never read
                .setStaticInfo(new StaticInfo("passthrough", "1", "cfg", 1, Map.of()))
                .setPartitions(List.of(new PartitionProgress(0, 0L, SyncState.SYNCHRONIZED, 0L, null))).build();
        return producer.send(new ProducerRecord<>(topics.heartbeats(), 0, node, heartbeat)).get();
    }

    private static KafkaProducer<String, Heartbeat> producer(StackEndpoints stack, SchemaRegistryClient registry) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
                new StringSerializer(), AvroSerde.forValues(Heartbeat.class, registry).serializer());
    }

    private static KafkaConsumer<String, Heartbeat> consumer(StackEndpoints stack, SchemaRegistryClient registry) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
                AvroSerde.forValues(Heartbeat.class, registry).deserializer());
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(10);
        }
    }
}
