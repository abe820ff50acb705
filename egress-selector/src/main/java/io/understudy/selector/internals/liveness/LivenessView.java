package io.understudy.selector.internals.liveness;

import io.understudy.records.Heartbeat;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the selector knows of each node's liveness: the latest heartbeat of each of its instances
 * and the broker's timestamp of it ({@code LogAppendTime}), which instance holds each partition
 * ({@link NodeLiveness}), and the broker time up to which the heartbeats are read.
 *
 * <p>Time here is the broker's: {@link #now()} is the latest heartbeat timestamp up to which every
 * node's heartbeats topic is known to be read ({@link #settle}: the {@link HeartbeatListener} read
 * each partition up to ends it asked for after reading that timestamp). A node is judged by the age
 * of its own latest heartbeat at that moment; a node that runs as several instances is judged per
 * partition, by the instance holding it ({@link NodeLiveness#holder}). Each node has a topic of its
 * own, so the records read so far are not one ordered log: after a pause one node's heartbeats can
 * be handed over before another's. Only settled time is a consistent picture: a node that was alive
 * at that time has a heartbeat just before it, already read. So a selector that was paused (a GC
 * pause, SIGSTOP) or whose clock stepped does not judge a node dead because its topic was read later
 * than another's: time moves only as fast as the heartbeats of every node are read. A leader is
 * judged failed only when others' heartbeats show time passing without its own, which is also the
 * only case where an eligible backup (itself heartbeating) can take over. (Across brokers,
 * LogAppendTime carries the skew between the brokers' clocks: NTP keeps it to milliseconds, against
 * failure timeouts of hundreds.)
 *
 * <p>Written by the {@link HeartbeatListener} thread, read by the shard workers. Liveness is an
 * observation, not state to recover: after a restart the listener re-reads the last seconds of
 * the topic, and no decision is taken until it has {@link #caughtUp() caught up}.
 */
public final class LivenessView {

    /** The time before any heartbeat was read. */
    public static final long NO_TIME = Long.MIN_VALUE;

    private final Map<String, NodeLiveness> nodes = new ConcurrentHashMap<>();
    private volatile long now = NO_TIME;
    private volatile long readTime = NO_TIME;
    private volatile boolean caughtUp;

    /**
     * A node instance's heartbeat, read with the broker's timestamp {@code brokerTime}. It does not
     * move {@link #now()}: only {@link #settle} does.
     */
    public void recordArrival(Heartbeat heartbeat, long brokerTime) {
        nodes.compute(heartbeat.getNodeId(), (node, old) -> old == null ? NodeLiveness.first(heartbeat, brokerTime)
                : old.with(heartbeat, brokerTime));
        if (brokerTime > readTime) {
            readTime = brokerTime;
        }
    }

    /**
     * Every heartbeat the broker stamped up to {@code brokerTime} has been read: time may move
     * there (never back).
     */
    public void settle(long brokerTime) {
        if (brokerTime > now) {
            now = brokerTime;
        }
    }

    /** The broker time of the latest heartbeat read, settled or not ({@link #NO_TIME} before the first). */
    public long readTime() {
        return readTime;
    }

    /** The listener has read every heartbeats topic up to its end as of its start: decisions may begin. */
    public void markCaughtUp() {
        caughtUp = true;
    }

    /** True once the listener read every heartbeats topic up to its end as it was at its start. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /**
     * The broker time up to which every node's heartbeats are known to be read, or {@link #NO_TIME}
     * before the first settled step: the time at which nodes are judged.
     */
    public long now() {
        return now;
    }

    public Optional<NodeLiveness> latest(String nodeId) {
        return Optional.ofNullable(nodes.get(nodeId));
    }

    public Collection<NodeLiveness> nodes() {
        return List.copyOf(nodes.values());
    }
}
