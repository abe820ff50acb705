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
import java.util.concurrent.CopyOnWriteArrayList;
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
 * has caught up (the end of the start-up grace), time moves only once every node's topic is read
 * (a paused reader judges nobody silent for being read later than another), a heartbeat in another
 * node's name is ignored, a node that joins is heard, and a reader whose thread died says so.
 */
@ExtendWith(UnderstudyStackExtension.class)
class HeartbeatListenerIT {

    @Test
    void timeIsTheBrokersAndTheViewIsCaughtUpOnceEveryNodesTopicWasReadToItsEnd(StackEndpoints stack) throws Exception {
        TopicNames topics = provision(stack);
        try (SchemaRegistryClient registry = SchemaRegistryClient.forUrl(stack.schemaRegistryUrl());
             KafkaProducer<String, Heartbeat> producer = producer(stack, registry)) {
            RecordMetadata a = send(producer, topics, "a");
            RecordMetadata b = send(producer, topics, "b");
            LivenessView view = new LivenessView();
            List<String> impersonations = new CopyOnWriteArrayList<>();
            try (HeartbeatListener listener = new HeartbeatListener(consumer(stack, registry, 500), topics,
                    Duration.ofSeconds(10), view, impersonations::add)) {
                listener.start();
                awaitTrue(view::caughtUp, "the listener caught up");
                assertEquals(a.timestamp(), view.latest("a").orElseThrow().arrivedAt(), "the broker's timestamp of a's");
                assertEquals(b.timestamp(), view.latest("b").orElseThrow().arrivedAt(), "both read once caught up");
                awaitTrue(() -> view.now() == b.timestamp(), "now is the latest heartbeat's time, every topic read");
                assertTrue(listener.alive());
                RecordMetadata later = send(producer, topics, "b");
                awaitTrue(() -> view.now() == later.timestamp(), "time moves with the heartbeats read");
                assertEquals(a.timestamp(), view.latest("a").orElseThrow().arrivedAt());
                assertEquals(later.timestamp() - a.timestamp(), view.latest("a").orElseThrow().ageAt(view.now()));
                assertEquals(List.of(), impersonations);
            }
        }
    }

    @Test
    void aHeartbeatNamingAnotherNodeThanItsTopicsIsIgnoredAndCounted(StackEndpoints stack) throws Exception {
        TopicNames topics = provision(stack);
        try (SchemaRegistryClient registry = SchemaRegistryClient.forUrl(stack.schemaRegistryUrl());
             KafkaProducer<String, Heartbeat> producer = producer(stack, registry)) {
            send(producer, topics, "b");
            LivenessView view = new LivenessView();
            List<String> impersonations = new CopyOnWriteArrayList<>();
            try (HeartbeatListener listener = new HeartbeatListener(consumer(stack, registry, 500), topics,
                    Duration.ofSeconds(10), view, impersonations::add)) {
                listener.start();
                awaitTrue(view::caughtUp, "the listener caught up");
                long bBefore = view.latest("b").orElseThrow().arrivedAt();
                producer.send(new ProducerRecord<>(topics.heartbeats("a"), 0, "b", heartbeat("b"))).get(); // a speaks as b
                RecordMetadata genuine = send(producer, topics, "a");
                awaitTrue(() -> view.now() == genuine.timestamp(), "a's own heartbeat read");
                assertEquals(List.of(topics.heartbeats("a")), impersonations);
                assertEquals(bBefore, view.latest("b").orElseThrow().arrivedAt(), "b is not kept alive by a");
            }
        }
    }

    @Test
    void aNodeThatJoinsLaterIsHeardOnceItsTopicExists(StackEndpoints stack) throws Exception {
        TopicNames topics = provision(stack);
        try (SchemaRegistryClient registry = SchemaRegistryClient.forUrl(stack.schemaRegistryUrl());
             KafkaProducer<String, Heartbeat> producer = producer(stack, registry);
             TopicProvisioner provisioner = TopicProvisioner.forCluster(stack.bootstrapServers())) {
            LivenessView view = new LivenessView();
            try (HeartbeatListener listener = new HeartbeatListener(consumer(stack, registry, 500), topics,
                    Duration.ofSeconds(10), view, topic -> { })) {
                listener.start();
                awaitTrue(view::caughtUp, "the listener caught up");
                provisioner.ensureNodeTopics(topics, "c");
                RecordMetadata c = producer.send(new ProducerRecord<>(topics.heartbeats("c"), 0, "c", heartbeat("c"))).get();
                awaitTrue(() -> view.latest("c").isPresent(), "c heard");
                assertEquals(c.timestamp(), view.latest("c").orElseThrow().arrivedAt());
            }
        }
    }

    /**
     * The subtlety of one topic per node: after a pause, one node's heartbeats are handed over
     * before another's (here: one record a poll, and a whole fetch of a's topic before b's). Time
     * must not move past heartbeats of b that the broker has but the listener has not read yet, or
     * a healthy b would look silent for as long as the pause. The deserializer (on the listener's
     * thread, before each record is handed over) holds the listener for 1.2 s while both nodes keep
     * beating every 40 ms, then notes, before each record, how old each node looks.
     */
    @Test
    void aPausedListenerJudgesNoHealthyNodeSilentWhileItReadsOneTopicBeforeAnother(StackEndpoints stack)
            throws Exception {
        TopicNames topics = provision(stack);
        try (SchemaRegistryClient registry = SchemaRegistryClient.forUrl(stack.schemaRegistryUrl());
             KafkaProducer<String, Heartbeat> producer = producer(stack, registry)) {
            LivenessView view = new LivenessView();
            java.util.concurrent.CountDownLatch resume = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.atomic.AtomicBoolean paused = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.atomic.AtomicBoolean holding = new java.util.concurrent.atomic.AtomicBoolean();
            Map<String, Long> maxAge = new java.util.concurrent.ConcurrentHashMap<>();
            var avro = AvroSerde.forValues(Heartbeat.class, registry).deserializer();
            org.apache.kafka.common.serialization.Deserializer<Heartbeat> pausing = (topic, data) -> {
                if (paused.get() && holding.compareAndSet(false, true)) {
                    try {
                        resume.await(); // the listener's thread stops here: a pause
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (holding.get() && view.now() != LivenessView.NO_TIME) {
                    for (String node : List.of("a", "b")) {
                        view.latest(node).ifPresent(l -> maxAge.merge(node, l.ageAt(view.now()), Math::max));
                    }
                }
                return avro.deserialize(topic, data);
            };
            Map<String, Object> settings = new java.util.HashMap<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1,
                    ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20));
            try (HeartbeatListener listener = new HeartbeatListener(new KafkaConsumer<>(settings, new StringDeserializer(),
                    pausing), topics, Duration.ofSeconds(10), view, topic -> { })) {
                listener.start();
                send(producer, topics, "a");
                RecordMetadata b0 = send(producer, topics, "b");
                awaitTrue(() -> view.now() == b0.timestamp(), "both read");
                paused.set(true);
                RecordMetadata last = null;
                long until = System.currentTimeMillis() + 1_200;
                int beats = 0;
                while (System.currentTimeMillis() < until) {
                    send(producer, topics, "a");
                    last = send(producer, topics, "b");
                    beats++;
                    Thread.sleep(40);
                }
                resume.countDown();
                RecordMetadata end = last;
                awaitTrue(() -> view.now() == end.timestamp(), "every heartbeat read");
                assertTrue(beats >= 10, "beats sent during the pause: " + beats);
                assertTrue(maxAge.get("a") < 400 && maxAge.get("b") < 400,
                        "no node looked silent while the listener caught up, ages seen (ms): " + maxAge);
            }
        }
    }

    @Test
    void aReaderWhoseThreadDiedIsNotAliveAndSaysWhy(StackEndpoints stack) throws Exception {
        TopicNames topics = provision(stack);
        try (SchemaRegistryClient registry = SchemaRegistryClient.forUrl(stack.schemaRegistryUrl());
             KafkaProducer<String, Heartbeat> producer = producer(stack, registry)) {
            AtomicInteger seen = new AtomicInteger();
            try (TopicFollower<String, Heartbeat> follower = new TopicFollower<String, Heartbeat>(consumer(stack, registry, 500),
                    topics.heartbeats("a"), TopicFollower.Start.RECENT, Duration.ofMillis(50), "test-follower", record -> {
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
            provisioner.ensureTopics(topics, 1, (short) 1, List.of("a", "b"));
        }
        return topics;
    }

    /** A heartbeat of the node, on its own topic (for the follower test: a's topic, whoever it names). */
    private static RecordMetadata send(KafkaProducer<String, Heartbeat> producer, TopicNames topics, String node)
            throws Exception {
        String topic = List.of("a", "b").contains(node) ? topics.heartbeats(node) : topics.heartbeats("a");
        return producer.send(new ProducerRecord<>(topic, 0, node, heartbeat(node))).get();
    }

    private static Heartbeat heartbeat(String node) {
        return Heartbeat.newBuilder().setNodeId(node).setIncarnation("i").setSentAt(0) // a stopped clock: never read
                .setStaticInfo(new StaticInfo("passthrough", "1", "cfg", 1, Map.of()))
                .setPartitions(List.of(new PartitionProgress(0, 0L, SyncState.SYNCHRONIZED, 0L, null))).build();
    }

    private static KafkaProducer<String, Heartbeat> producer(StackEndpoints stack, SchemaRegistryClient registry) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
                new StringSerializer(), AvroSerde.forValues(Heartbeat.class, registry).serializer());
    }

    private static KafkaConsumer<String, Heartbeat> consumer(StackEndpoints stack, SchemaRegistryClient registry,
                                                             int fetchMaxWaitMs) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, fetchMaxWaitMs),
                new StringDeserializer(),
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
