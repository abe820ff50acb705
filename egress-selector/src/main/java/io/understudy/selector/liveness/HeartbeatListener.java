package io.understudy.selector.liveness;

import io.understudy.records.Heartbeat;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the heartbeats topic from its end and records each heartbeat's arrival in the {@link
 * LivenessView} with the selector's clock. Runs on its own thread, outside any consumer group:
 * liveness must not wait for a rebalance.
 */
public final class HeartbeatListener implements Runnable, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HeartbeatListener.class);

    private final Consumer<String, Heartbeat> consumer;
    private final String topic;
    private final LivenessView view;
    private final Thread thread;
    private volatile boolean running = true;

    public HeartbeatListener(Consumer<String, Heartbeat> consumer, String topic, LivenessView view) {
        this.consumer = consumer;
        this.topic = topic;
        this.view = view;
        this.thread = new Thread(this, "understudy-heartbeat-listener");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    @Override
    public void run() {
        TopicPartition partition = new TopicPartition(topic, 0);
        try {
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            while (running) {
                try {
                    for (ConsumerRecord<String, Heartbeat> record : consumer.poll(Duration.ofMillis(50))) {
                        if (record.value() != null) {
                            view.recordArrival(record.value(), System.currentTimeMillis());
                        }
                    }
                } catch (RecordDeserializationException e) {
                    // a record that is not a heartbeat proves nobody alive: skip it
                    log.warn("undecodable heartbeat at {} offset {} skipped: {}", e.topicPartition(), e.offset(),
                            e.getMessage());
                    consumer.seek(e.topicPartition(), e.offset() + 1);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            log.error("heartbeat listener stopped: {}; failover decisions will treat every node as silent", e.toString(), e);
        } finally {
            consumer.close(Duration.ofSeconds(1));
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
