package io.understudy.cli.demo;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows every partition of a topic on a thread of its own, outside any consumer group, reading
 * only committed records, and hands each record to a sink as it arrives.
 */
final class TopicTail<V> implements AutoCloseable {

    private final KafkaConsumer<String, V> consumer;
    private final String topic;
    private final boolean fromBeginning;
    private final Consumer<ConsumerRecord<String, V>> sink;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    TopicTail(String bootstrapServers, String topic, Deserializer<V> values, boolean fromBeginning,
              Consumer<ConsumerRecord<String, V>> sink) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        this.consumer = new KafkaConsumer<>(settings, new StringDeserializer(), values);
        this.topic = topic;
        this.fromBeginning = fromBeginning;
        this.sink = sink;
        this.thread = new Thread(this::run, "tail-" + topic);
        this.thread.setDaemon(true);
    }

    TopicTail<V> start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            while (running) {
                for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(50))) {
                    sink.accept(record);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close(Duration.ofSeconds(1));
        }
    }

    /** Throws what stopped the tail, if anything did. */
    void check() {
        if (failure != null) {
            throw new IllegalStateException("reading " + topic + " failed: " + failure.getMessage(), failure);
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(3_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
