package io.understudy.selector.internals.liveness;

import io.understudy.records.Heartbeat;
import io.understudy.records.PartitionProgress;
import java.util.Optional;

/**
 * The latest heartbeat of one instance of a node and the broker's timestamp of it. A node that
 * runs as one process is one instance, named like the node.
 *
 * @param instanceId the instance ({@code Heartbeat.instanceId}, or the node id when a heartbeat has none)
 * @param arrivedAt  the broker's timestamp (LogAppendTime, ms) of the heartbeat
 * @param heartbeat  the heartbeat itself
 */
public record InstanceLiveness(String instanceId, long arrivedAt, Heartbeat heartbeat) {

    /** The instance a heartbeat comes from: its instance id, or the node id from a node older than instances. */
    public static String instanceOf(Heartbeat heartbeat) {
        String instance = heartbeat.getInstanceId();
        return instance == null || instance.isEmpty() ? heartbeat.getNodeId() : instance;
    }

    /**
     * How old the latest heartbeat is at broker time {@code now}; 0 for a heartbeat read after that
     * time (settled time lags the latest heartbeat read by a step).
     */
    public long ageAt(long now) {
        return Math.max(0, now - arrivedAt);
    }

    /** Whether this instance's latest heartbeat lists the partition (it holds and processes it). */
    public boolean holds(int partition) {
        return progress(partition).isPresent();
    }

    /** The instance's progress on one partition, if its latest heartbeat lists it. */
    public Optional<PartitionProgress> progress(int partition) {
        for (PartitionProgress progress : heartbeat.getPartitions()) {
            if (progress.getPartition() == partition) {
                return Optional.of(progress);
            }
        }
        return Optional.empty();
    }
}
