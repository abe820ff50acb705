package io.understudy.harness;

import io.understudy.records.Heartbeat;
import io.understudy.records.PartitionProgress;
import io.understudy.records.SyncState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The latest heartbeat of each node instance, to know when a restarted node (or instance) has
 * caught up. Heartbeats are kept per {@code node/instance} (a node of one instance is {@code a/a}):
 * a node that runs as several instances reports each partition from the instance holding it.
 */
public final class HeartbeatWatch {

    private final Map<String, Heartbeat> latest = new HashMap<>();

    /** The key of a heartbeat's sender: {@code node/instance}, the instance named like the node when it has none. */
    public static String keyOf(Heartbeat heartbeat) {
        String instance = heartbeat.getInstanceId();
        return heartbeat.getNodeId() + "/" + (instance == null || instance.isEmpty() ? heartbeat.getNodeId() : instance);
    }

    public synchronized void accept(Heartbeat heartbeat) {
        latest.put(keyOf(heartbeat), heartbeat);
        notifyAll();
    }

    /**
     * Waits until the node reports, on every partition, being synchronized and at least at the
     * given offsets: a node name covers all its instances (each partition reported by one of them),
     * {@code node/instance} only that instance and only the partitions it holds (at least one).
     */
    public synchronized boolean awaitCaughtUp(String node, Map<Integer, Long> offsets, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!caughtUp(node, offsets)) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /** The partitions an instance ({@code node/instance}) holds, as its latest heartbeat says. */
    public synchronized List<Integer> partitionsOf(String instanceKey) {
        Heartbeat heartbeat = latest.get(instanceKey);
        List<Integer> partitions = new ArrayList<>();
        if (heartbeat != null) {
            heartbeat.getPartitions().forEach(p -> partitions.add(p.getPartition()));
        }
        return partitions;
    }

    /** The instance ({@code node/instance}) of a node whose latest heartbeat lists the partition, or null. */
    public synchronized String holderOf(String node, int partition) {
        for (String key : new TreeSet<>(latest.keySet())) {
            if (key.startsWith(node + "/") && latest.get(key).getPartitions().stream()
                    .anyMatch(p -> p.getPartition() == partition)) {
                return key;
            }
        }
        return null;
    }

    private boolean caughtUp(String node, Map<Integer, Long> offsets) {
        boolean instance = node.contains("/");
        Map<Integer, PartitionProgress> byPartition = new HashMap<>();
        latest.forEach((key, heartbeat) -> {
            if (instance ? key.equals(node) : key.startsWith(node + "/")) {
                heartbeat.getPartitions().forEach(p -> byPartition.merge(p.getPartition(), p,
                        (one, other) -> one.getLastOffset() >= other.getLastOffset() ? one : other));
            }
        });
        if (byPartition.isEmpty()) {
            return false;
        }
        for (Map.Entry<Integer, Long> target : offsets.entrySet()) {
            PartitionProgress progress = byPartition.get(target.getKey());
            if (progress == null && instance) {
                continue; // held by another instance of the node
            }
            if (progress == null || progress.getSyncState() != SyncState.SYNCHRONIZED
                    || progress.getLastOffset() < target.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Forgets a node (every instance of it) or one instance ({@code node/instance}), e.g. once killed. */
    public synchronized void forget(String node) {
        latest.keySet().removeIf(key -> node.contains("/") ? key.equals(node) : key.startsWith(node + "/"));
    }
}
