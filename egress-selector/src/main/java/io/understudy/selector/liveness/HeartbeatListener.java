package io.understudy.selector.liveness;

import io.understudy.records.Heartbeat;
import java.time.Duration;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * Reads the nodes' heartbeats topic into the {@link LivenessView}, with each heartbeat's broker
 * timestamp, from a few seconds back; the view is marked caught up once the end of the topic as it
 * was at the start has been read.
 */
public final class HeartbeatListener implements AutoCloseable {

    private final TimelineFollower<Heartbeat> follower;

    public HeartbeatListener(Consumer<String, Heartbeat> consumer, String topic, Duration lookback, LivenessView view) {
        this.follower = new TimelineFollower<>(consumer, topic, lookback, "understudy-heartbeat-listener",
                view::recordArrival, view::markCaughtUp);
    }

    public void start() {
        follower.start();
    }

    /** False once the listener's thread died: no node failure can be seen any more. */
    public boolean alive() {
        return follower.alive();
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
