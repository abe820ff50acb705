package io.understudy.selector.internals.liveness;

import io.understudy.records.Heartbeat;
import io.understudy.schemas.topics.TopicFollower;
import java.time.Duration;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * Reads the nodes' heartbeats topic into the {@link LivenessView}, with each heartbeat's broker
 * timestamp (the topic is LogAppendTime), on a thread of its own and outside any consumer group.
 * It starts {@code lookback} back, so that a restarted selector knows at once who was alive, and
 * marks the view caught up once it has read the end the topic had at its start: until then nobody
 * may be judged silent (that is the whole start-up grace). An undecodable record proves nobody
 * alive: it is skipped. If the thread dies, {@link #alive()} turns false and the selector reports
 * itself unhealthy: from then on no failure could be seen.
 */
public final class HeartbeatListener implements AutoCloseable {

    private final TopicFollower<String, Heartbeat> follower;

    public HeartbeatListener(Consumer<String, Heartbeat> consumer, String topic, Duration lookback, LivenessView view) {
        this.follower = new TopicFollower<String, Heartbeat>(consumer, topic, TopicFollower.Start.RECENT,
                Duration.ofMillis(50), "understudy-heartbeat-listener", record -> {
                    if (record.value() != null) {
                        view.recordArrival(record.value(), record.timestamp());
                    }
                }).withLookback(lookback).onCaughtUp(view::markCaughtUp);
    }

    public void start() {
        follower.start();
    }

    /** False once the listener's thread died: no node failure can be seen any more. */
    public boolean alive() {
        return follower.running();
    }

    /** Why the listener stopped, or null while it runs. */
    public String failure() {
        return follower.failure();
    }

    @Override
    public void close() {
        follower.close();
    }
}
