package io.understudy.selector.group;

import io.understudy.records.SelectorState;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails the compacted selector state topic, read_committed, from its beginning, keeping the latest
 * state of every partition: what its shard's owner committed with its egress. A standby that takes
 * a shard over waits only until this tail has reached the end the topic has once the old owner is
 * fenced, so a takeover restores nothing.
 */
final class StateTail implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StateTail.class);

    private final Consumer<String, SelectorState> consumer;
    private final String topic;
    private final Map<Integer, SelectorState> latest = new ConcurrentHashMap<>();
    private final Map<Integer, Long> positions = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;

    StateTail(Consumer<String, SelectorState> consumer, String topic, int partitions) {
        this.consumer = consumer;
        this.topic = topic;
        for (int p = 0; p < partitions; p++) {
            positions.put(p, 0L);
        }
        this.thread = new Thread(this::run, "understudy-selector-state-tail");
        this.thread.setDaemon(true);
    }

    StateTail start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            List<TopicPartition> all = positions.keySet().stream().map(p -> new TopicPartition(topic, p)).toList();
            consumer.assign(all);
            consumer.seekToBeginning(all);
            while (running) {
                try {
                    for (ConsumerRecord<String, SelectorState> record : consumer.poll(Duration.ofMillis(20))) {
                        if (record.value() != null) {
                            latest.put(record.partition(), record.value());
                        }
                    }
                } catch (RecordDeserializationException e) {
                    log.warn("undecodable selector state at {} offset {} skipped: {}", e.topicPartition(), e.offset(),
                            e.getMessage());
                    consumer.seek(e.topicPartition(), e.offset() + 1);
                }
                for (TopicPartition tp : all) {
                    positions.put(tp.partition(), consumer.position(tp));
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (Throwable e) {
            failure = e;
            log.error("tailing {} stopped: {}", topic, e.toString(), e);
        } finally {
            consumer.close(Duration.ofSeconds(1));
        }
    }

    /**
     * Waits until the tail has read every given partition up to the given (read_committed) end.
     *
     * @throws IllegalStateException when the tail died or did not get there in time
     */
    void awaitReached(Map<TopicPartition, Long> ends, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (failure != null || !thread.isAlive()) {
                throw new IllegalStateException("the selector state tail stopped: " + failure);
            }
            boolean reached = ends.entrySet().stream()
                    .allMatch(end -> positions.getOrDefault(end.getKey().partition(), 0L) >= end.getValue());
            if (reached) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the selector state tail did not reach " + ends + " within " + timeout
                        + " (at " + positions + ")");
            }
            Thread.sleep(2);
        }
    }

    /** The latest committed state of the given partitions that have one. */
    Map<Integer, SelectorState> states(List<Integer> partitions) {
        Map<Integer, SelectorState> states = new HashMap<>();
        for (int partition : partitions) {
            SelectorState state = latest.get(partition);
            if (state != null) {
                states.put(partition, state);
            }
        }
        return states;
    }

    boolean alive() {
        return failure == null && thread.isAlive();
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
