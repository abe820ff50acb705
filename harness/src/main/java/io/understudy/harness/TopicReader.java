package io.understudy.harness;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a whole topic once, from its beginning to its current end, committed records only. */
public final class TopicReader {

    private TopicReader() {
    }

    /** Hands every record to {@code sink}, partition by partition in offset order; returns how many. */
    public static <V> long readAll(String bootstrapServers, String topic, Deserializer<V> values,
                            Consumer<ConsumerRecord<String, V>> sink) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        long count = 0;
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(settings, new StringDeserializer(), values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            for (TopicPartition partition : partitions) {
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(List.of(partition));
                long end = consumer.endOffsets(List.of(partition)).get(partition);
                long deadline = System.currentTimeMillis() + 120_000;
                while (consumer.position(partition) < end) {
                    if (System.currentTimeMillis() > deadline) {
                        throw new IllegalStateException("reading " + partition + " did not reach offset " + end);
                    }
                    for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
                        sink.accept(record);
                        count++;
                    }
                }
            }
        }
        return count;
    }

    /** The end offset of every partition of a topic (the next offset to be written). */
    public static Map<Integer, Long> endOffsets(String bootstrapServers, String topic) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings, new StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            Map<Integer, Long> ends = new HashMap<>();
            consumer.endOffsets(partitions).forEach((partition, end) -> ends.put(partition.partition(), end));
            return ends;
        }
    }
}
