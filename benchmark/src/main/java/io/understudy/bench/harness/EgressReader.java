package io.understudy.bench.harness;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a system's egress topic from the beginning on a thread of its own, outside any consumer
 * group, committed records only (what a downstream reader would see), and hands every record to the
 * {@link EgressCounter} with the time it arrived.
 */
final class EgressReader implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final EgressDecoder decoder;
    private final EgressCounter counter;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    EgressReader(String bootstrapServers, String topic, EgressDecoder decoder, EgressCounter counter) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        this.consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        this.decoder = decoder;
        this.counter = counter;
        this.thread = new Thread(this::run, "egress-reader-" + topic);
        this.thread.setDaemon(true);
    }

    EgressReader start() {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread.start();
        return this;
    }

    private void run() {
        try {
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(50));
                long arrived = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    EgressDecoder.Decoded decoded = decoder.decode(record);
                    counter.egress(record.partition(), decoded.payload(), decoded.producer(), arrived);
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

    /** Throws what stopped the reader, if anything did. */
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
