package io.understudy.selector.liveness;

import io.understudy.records.Heartbeat;
import io.understudy.records.PartitionProgress;
import java.util.Optional;

/**
 * The latest heartbeat of a node and the broker's timestamp of it.
 *
 * @param nodeId    the node
 * @param arrivedAt the broker's timestamp (LogAppendTime, ms) of the heartbeat
 * @param heartbeat the heartbeat itself
 */
public record NodeLiveness(String nodeId, long arrivedAt, Heartbeat heartbeat) {

    /** How old the latest heartbeat is at broker time {@code now}. */
    public long ageAt(long now) {
        return now - arrivedAt;
    }

    /** The node's progress on one partition, if it reports any. */
    public Optional<PartitionProgress> progress(int partition) {
        for (PartitionProgress progress : heartbeat.getPartitions()) {
            if (progress.getPartition() == partition) {
                return Optional.of(progress);
            }
        }
        return Optional.empty();
    }
}
