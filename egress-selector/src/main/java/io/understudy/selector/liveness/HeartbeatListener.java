package io.understudy.selector.liveness;

import io.understudy.records.Heartbeat;
import io.understudy.schemas.topics.TopicFollower;
import java.time.Duration;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * Reads the heartbeats topic from its end and records each heartbeat's arrival in the {@link
 * LivenessView} with the selector's clock. Runs on its own thread, outside any consumer group:
 * liveness must not wait for a rebalance. An undecodable record proves nobody alive: it is skipped.
 */
public final class HeartbeatListener implements AutoCloseable {

    private final TopicFollower<String, Heartbeat> follower;

    public HeartbeatListener(Consumer<String, Heartbeat> consumer, String topic, LivenessView view) {
        this.follower = new TopicFollower<>(consumer, topic, TopicFollower.Start.END, Duration.ofMillis(50),
                "understudy-heartbeat-listener", record -> {
                    if (record.value() != null) {
                        view.recordArrival(record.value(), System.currentTimeMillis());
                    }
                });
    }

    public void start() {
        follower.start();
    }

    @Override
    public void close() {
        follower.close();
    }
}
