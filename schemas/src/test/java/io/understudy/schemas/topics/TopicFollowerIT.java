package io.understudy.schemas.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.stack.StackEndpoints;
import io.understudy.stack.junit.UnderstudyStackExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link TopicFollower} against the real broker: committed records only, bad records skipped, both
 * starts, and when it has caught up (what the tests wait for instead of sleeping).
 */
@ExtendWith(UnderstudyStackExtension.class)
class TopicFollowerIT {

    /** Decodes "n:<number>" values; anything else is refused, as a foreign record would be. */
    private static final Deserializer<Integer> NUMBERS = (topic, bytes) -> {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (!text.startsWith("n:")) {
            throw new IllegalArgumentException("not a number record: " + text);
        }
        return Integer.parseInt(text.substring(2));
    };

    private final StackEndpoints stack;

    TopicFollowerIT(StackEndpoints stack) {
        this.stack = stack;
    }

    @Test
    void readsEveryCommittedRecordOfEveryPartitionSkipsAbortedAndUndecodableOnes() throws Exception {
        String topic = newTopic(3);
        try (KafkaProducer<byte[], byte[]> transactional = producer("follower-" + UUID.randomUUID())) {
            transactional.initTransactions();
            transactional.beginTransaction();
            for (int i = 0; i < 30; i++) {
                transactional.send(record(topic, i % 3, "n:" + i));
            }
            transactional.commitTransaction();
            transactional.beginTransaction();
            transactional.send(record(topic, 0, "n:999"));
            transactional.flush();
            transactional.abortTransaction();
            transactional.beginTransaction();
            transactional.send(record(topic, 1, "garbage"));
            transactional.send(record(topic, 1, "n:30"));
            transactional.commitTransaction();
        }
        List<Integer> seen = new CopyOnWriteArrayList<>();
        try (TopicFollower<String, Integer> follower = new TopicFollower<>(
                TopicFollower.committedReader(stack.bootstrapServers(), 10, new StringDeserializer(), NUMBERS), topic,
                TopicFollower.Start.BEGINNING, Duration.ofMillis(50), "test-follower", r -> seen.add(r.value()))
                .start()) {
            awaitCaughtUp(follower); // read past everything written before it started: nothing more may arrive
            assertEquals(31, seen.size(), "seen when caught up: " + seen);
            follower.check();
            assertTrue(follower.running());
        }
        assertEquals(31, seen.size(), "30 + 1 committed number records, the aborted one and the garbage skipped");
        assertEquals(31, seen.stream().distinct().count(), "each once");
        assertTrue(seen.stream().allMatch(n -> n <= 30), "no aborted record: " + seen);
    }

    @Test
    void fromTheEndSeesOnlyLaterRecords() throws Exception {
        String topic = newTopic(1);
        try (KafkaProducer<byte[], byte[]> producer = producer(null)) {
            producer.send(record(topic, 0, "n:1")).get();
            List<Integer> seen = new CopyOnWriteArrayList<>();
            try (TopicFollower<String, Integer> follower = new TopicFollower<>(
                    TopicFollower.committedReader(stack.bootstrapServers(), 10, new StringDeserializer(), NUMBERS), topic,
                    TopicFollower.Start.END, Duration.ofMillis(50), "test-follower-end", r -> seen.add(r.value()))
                    .start()) {
                awaitCaughtUp(follower); // its position at the end is settled: n:1 is behind it
                assertTrue(seen.isEmpty(), "nothing written before it started: " + seen);
                producer.send(record(topic, 0, "n:2")).get();
                awaitSize(seen, 1);
            }
            assertEquals(List.of(2), seen);
        }
    }

    private String newTopic(int partitions) throws Exception {
        String topic = "follower-" + UUID.randomUUID();
        try (Admin admin = Admin.create(stack.kafkaClientConfig())) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
        return topic;
    }

    private KafkaProducer<byte[], byte[]> producer(String transactionalId) {
        Map<String, Object> settings = new HashMap<>(stack.kafkaClientConfig());
        if (transactionalId != null) {
            settings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, int partition, String value) {
        return new ProducerRecord<>(topic, partition, null, value.getBytes(StandardCharsets.UTF_8));
    }

    private static void awaitCaughtUp(TopicFollower<?, ?> follower) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!follower.caughtUp() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(follower.caughtUp(), "the follower caught up within 60 s");
    }

    private static void awaitSize(List<?> list, int size) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (list.size() < size && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(size, list.size(), "records seen: " + list);
    }
}
