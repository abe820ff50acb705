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
 * ({@link NodeLiveness}), and the time of the heartbeats topic itself.
 *
 * <p>Time here is the broker's, read in the order of the heartbeats topic's one partition: {@link
 * #now()} is the timestamp of the latest heartbeat read, whoever sent it. A node is judged by the
 * age of its own latest heartbeat at that moment. Because the partition is one ordered log, any
 * prefix of it read so far is a consistent picture: a node that was alive at the time of the last
 * record read has a heartbeat just before it. A node that runs as several instances is judged per
 * partition, by the instance holding it ({@link NodeLiveness#holder}). So a selector that was paused (a GC pause, SIGSTOP)
 * or whose clock stepped does not judge every node dead at once: it reads on, and time moves only
 * as fast as the heartbeats it reads. A leader is judged failed only when others' heartbeats show
 * time passing without its own, which is also the only case where an eligible backup (itself
 * heartbeating) can take over.
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
    private volatile boolean caughtUp;

    /** A node instance's heartbeat, read with the broker's timestamp {@code brokerTime}. */
    public void recordArrival(Heartbeat heartbeat, long brokerTime) {
        nodes.compute(heartbeat.getNodeId(), (node, old) -> old == null ? NodeLiveness.first(heartbeat, brokerTime)
                : old.with(heartbeat, brokerTime));
        if (brokerTime > now) {
            now = brokerTime;
        }
    }

    /** The listener has read the heartbeats topic up to its end as of its start: decisions may begin. */
    public void markCaughtUp() {
        caughtUp = true;
    }

    /** True once the listener read up to the end of the topic as it was at its start. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** The broker time of the latest heartbeat read, or {@link #NO_TIME} before the first. */
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
