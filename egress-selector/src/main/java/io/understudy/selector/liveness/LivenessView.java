package io.understudy.selector.liveness;

import io.understudy.records.Heartbeat;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the selector knows of each node's liveness: its latest heartbeat and when it arrived.
 *
 * <p>Written by the {@link HeartbeatListener} thread, read by the selection tasks. Liveness is an
 * observation, not state to recover: after a selector restart it starts empty and fills within
 * one heartbeat interval, which is why the tasks give nodes a start-up grace.
 */
public final class LivenessView {

    private final Map<String, NodeLiveness> nodes = new ConcurrentHashMap<>();

    public void recordArrival(Heartbeat heartbeat, long arrivedAt) {
        nodes.merge(heartbeat.getNodeId(), new NodeLiveness(heartbeat.getNodeId(), arrivedAt, heartbeat),
                (old, fresh) -> fresh.arrivedAt() >= old.arrivedAt() ? fresh : old);
    }

    public Optional<NodeLiveness> latest(String nodeId) {
        return Optional.ofNullable(nodes.get(nodeId));
    }

    public Collection<NodeLiveness> nodes() {
        return List.copyOf(nodes.values());
    }
}
