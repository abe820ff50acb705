package io.understudy.harness;

import io.understudy.records.Heartbeat;
import io.understudy.records.PartitionProgress;
import io.understudy.records.SyncState;
import java.util.HashMap;
import java.util.Map;

/** The latest heartbeat of each node, to know when a restarted node has caught up. */
public final class HeartbeatWatch {

    private final Map<String, Heartbeat> latest = new HashMap<>();

    public synchronized void accept(Heartbeat heartbeat) {
        latest.put(heartbeat.getNodeId(), heartbeat);
        notifyAll();
    }

    /**
     * Waits until the node reports, on every partition, being synchronized and at least at the
     * given offsets.
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

    private boolean caughtUp(String node, Map<Integer, Long> offsets) {
        Heartbeat heartbeat = latest.get(node);
        if (heartbeat == null) {
            return false;
        }
        Map<Integer, PartitionProgress> byPartition = new HashMap<>();
        heartbeat.getPartitions().forEach(p -> byPartition.put(p.getPartition(), p));
        for (Map.Entry<Integer, Long> target : offsets.entrySet()) {
            PartitionProgress progress = byPartition.get(target.getKey());
            if (progress == null || progress.getSyncState() != SyncState.SYNCHRONIZED
                    || progress.getLastOffset() < target.getValue()) {
                return false;
            }
        }
        return true;
    }

    public synchronized void forget(String node) {
        latest.remove(node);
    }
}
