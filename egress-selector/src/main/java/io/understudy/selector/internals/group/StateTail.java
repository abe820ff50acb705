package io.understudy.selector.internals.group;

import io.understudy.records.SelectorState;
import io.understudy.schemas.topics.TopicFollower;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Tails the compacted selector state topic, read_committed, from its beginning, keeping the latest
 * state of every partition: what its shard's owner committed with its egress. A standby that takes
 * a shard over waits only until this tail has reached the end the topic has once the old owner is
 * fenced, so a takeover restores nothing.
 */
final class StateTail implements AutoCloseable {

    private final TopicFollower<String, SelectorState> follower;
    private final Map<Integer, SelectorState> latest = new ConcurrentHashMap<>();

    /** @param consumer a read_committed consumer of its own, in no group */
    StateTail(Consumer<String, SelectorState> consumer, String topic) {
        this.follower = new TopicFollower<>(consumer, topic, TopicFollower.Start.BEGINNING, Duration.ofMillis(20),
                "understudy-selector-state-tail", record -> {
                    if (record.value() != null) {
                        latest.put(record.partition(), record.value());
                    }
                });
    }

    StateTail start() {
        follower.start();
        return this;
    }

    /**
     * Waits until the tail has read every given partition up to the given (read_committed) end.
     *
     * @throws IllegalStateException when the tail died or did not get there in time
     */
    void awaitReached(Map<TopicPartition, Long> ends, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!follower.running()) {
                throw new IllegalStateException("the selector state tail stopped: " + follower.failure());
            }
            Map<Integer, Long> positions = follower.positions();
            if (ends.entrySet().stream().allMatch(end -> positions.getOrDefault(end.getKey().partition(), -1L)
                    >= end.getValue())) {
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
        return follower.running();
    }

    @Override
    public void close() {
        follower.close();
    }
}
