package io.understudy.node.internals.heartbeat;

import io.understudy.node.internals.state.PartitionStatus;
import io.understudy.records.PartitionProgress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The node's progress per ingress partition, written by the stream thread after each record and
 * read by the heartbeat thread. Holds immutable snapshots only, so a read never sees a half-update.
 */
public final class ProgressBoard {

    /** Told of every change of a partition's sync state (from the stream thread that made it). */
    @FunctionalInterface
    public interface SyncStateListener {
        void changed(int partition, PartitionStatus before, PartitionStatus after);
    }

    private final Map<Integer, PartitionStatus> partitions = new ConcurrentSkipListMap<>();
    private volatile SyncStateListener listener = (partition, before, after) -> { };

    public void onSyncStateChange(SyncStateListener listener) {
        this.listener = listener;
    }

    public void update(int partition, PartitionStatus status) {
        PartitionStatus before = partitions.put(partition, status);
        if (before != null && before.syncState() != status.syncState()) {
            listener.changed(partition, before, status);
        }
    }

    /** The partition left this node (task closed or migrated). */
    public void remove(int partition) {
        partitions.remove(partition);
    }

    public PartitionStatus status(int partition) {
        return partitions.get(partition);
    }

    /** Progress on every partition, ordered by partition, as heartbeats carry it. */
    public List<PartitionProgress> snapshot() {
        List<PartitionProgress> progress = new ArrayList<>(partitions.size());
        partitions.forEach((partition, status) -> progress.add(PartitionProgress.newBuilder()
                .setPartition(partition)
                .setLastOffset(status.lastOffset())
                .setSyncState(status.syncState())
                .setSyncedFrom(status.syncedFrom())
                .setDetail(status.detail().isEmpty() ? null : status.detail())
                .build()));
        return progress;
    }

    /**
     * One line naming, per partition, where the node stands in synchronization and since which
     * offset: "p0 SYNCHRONIZED from 4878, p1 RECEIVING (receiving checkpoint ... from a; stash
     * complete from offset 5120)". It changes only when a state or a synchronization point does.
     */
    public String statusLine() {
        StringBuilder line = new StringBuilder();
        partitions.forEach((partition, status) -> {
            if (line.length() > 0) {
                line.append(", ");
            }
            line.append('p').append(partition).append(' ').append(status.syncState());
            if (status.syncedFrom() >= 0) {
                line.append(" from ").append(status.syncedFrom());
            }
            if (!status.detail().isEmpty()) {
                line.append(" (").append(status.detail()).append(')');
            }
        });
        return line.length() == 0 ? "no partitions" : line.toString();
    }
}
