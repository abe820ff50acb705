package io.understudy.node.testing;

import io.understudy.stack.StackEndpoints;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads topics of the test broker as a downstream consumer sees them (read_committed, no group),
 * for the integration tests and benchmarks that count what the nodes wrote.
 */
public final class CommittedTopics {

    /** How long one partition may take to be read to its end before the read gives up. */
    private static final Duration READ_LIMIT = Duration.ofSeconds(60);

    private final StackEndpoints stack;
    private final int partitions;

    public CommittedTopics(StackEndpoints stack, int partitions) {
        this.stack = stack;
        this.partitions = partitions;
    }

    /** Partition to end offset (the last stable offset: committed records only). */
    public Map<Integer, Long> endOffsets(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            Map<Integer, Long> ends = new HashMap<>();
            consumer.endOffsets(partitionsOf(topic)).forEach((tp, end) -> ends.put(tp.partition(), end));
            return ends;
        }
    }

    /** Every committed record of the topic, partition by partition, from the start to the end it has now. */
    public void readAll(String topic, RecordSink sink) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            for (TopicPartition partition : partitionsOf(topic)) {
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(List.of(partition));
                long end = consumer.endOffsets(List.of(partition)).get(partition);
                long deadline = System.currentTimeMillis() + READ_LIMIT.toMillis();
                while (consumer.position(partition) < end && System.currentTimeMillis() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        sink.accept(partition.partition(), record);
                    }
                }
            }
        }
    }

    /** Receives one record read by {@link #readAll}. */
    @FunctionalInterface
    public interface RecordSink {
        void accept(int partition, ConsumerRecord<byte[], byte[]> record);
    }

    /** Sleeps, turning an interrupt into a failure of the test. */
    public static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private List<TopicPartition> partitionsOf(String topic) {
        List<TopicPartition> all = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            all.add(new TopicPartition(topic, p));
        }
        return all;
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> settings = new HashMap<>(stack.kafkaClientConfig());
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        return new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
