package io.understudy.stack.junit;

import io.understudy.stack.StackEndpoints;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared broker takes acks=all writes and transactions, and keeps aborted ones from read_committed readers. */
@ExtendWith(UnderstudyStackExtension.class)
class BrokerRoundTripTest {

    @Test
    void acksAllRecordsComeBackInOrder(StackEndpoints stack) throws Exception {
        String topic = createTopic(stack, 1);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(stack, Map.of(ProducerConfig.ACKS_CONFIG, "all")))) {
            for (int i = 0; i < 10; i++) {
                RecordMetadata metadata = producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get(30, TimeUnit.SECONDS);
                assertEquals(i, metadata.offset());
            }
        }
        List<ConsumerRecord<String, String>> records = readAll(stack, topic, "read_uncommitted", 10);
        assertEquals(10, records.size());
        for (int i = 0; i < 10; i++) {
            assertEquals("k" + i, records.get(i).key());
            assertEquals("v" + i, records.get(i).value());
        }
    }

    @Test
    void readCommittedSeesCommittedTransactionsOnly(StackEndpoints stack) throws Exception {
        String topic = createTopic(stack, 1);
        Map<String, Object> transactional = Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-" + UUID.randomUUID(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(stack, transactional))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "a", "committed-1"));
            producer.send(new ProducerRecord<>(topic, "a", "committed-2"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "a", "aborted"));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "a", "committed-3"));
            producer.commitTransaction();
        }
        List<String> committed = readAll(stack, topic, "read_committed", 3).stream().map(ConsumerRecord::value).toList();
        assertEquals(List.of("committed-1", "committed-2", "committed-3"), committed);
        List<String> everything = readAll(stack, topic, "read_uncommitted", 4).stream().map(ConsumerRecord::value).toList();
        assertEquals(List.of("committed-1", "committed-2", "aborted", "committed-3"), everything);
    }

    @Test
    void topicsAreNotCreatedOnTheFly(StackEndpoints stack) {
        String missing = "missing-" + UUID.randomUUID();
        Map<String, Object> config = producerConfig(stack, Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>(missing, "k", "v")).get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains(missing), e.getCause().getMessage());
        }
    }

    static String createTopic(StackEndpoints stack, int partitions) throws Exception {
        String topic = "round-trip-" + UUID.randomUUID();
        try (Admin admin = Admin.create(stack.kafkaClientConfig())) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        return topic;
    }

    private static Map<String, Object> producerConfig(StackEndpoints stack, Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(stack.kafkaClientConfig());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.putAll(extra);
        return config;
    }

    /** Reads partition 0 from the start until {@code expected} records arrived (or 30 s passed). */
    private static List<ConsumerRecord<String, String>> readAll(StackEndpoints stack, String topic, String isolation, int expected) {
        Map<String, Object> config = new HashMap<>(stack.kafkaClientConfig());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(Set.of(partition));
            consumer.seekToBeginning(Set.of(partition));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            // one more poll: nothing beyond the expected records may arrive
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records;
    }
}
