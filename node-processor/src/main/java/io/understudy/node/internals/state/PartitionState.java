package io.understudy.node.internals.state;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Everything one Kafka Streams task keeps for its ingress partition: the stored flows and the
 * node's {@link PartitionStatus}. Every change of a flow goes through here, so the digest in the
 * status always matches the flows.
 *
 * <p>The status is held in memory and written to its store by {@link #flush()}, which the task
 * calls at the end of every record and punctuation: a record that changes many flows (a checkpoint
 * chunk) writes the status once, and it still commits in the same transaction as the flows.
 *
 * <p>Both stores are cached (a flow written many times between two commits reaches its changelog
 * once), and a cached store cannot be written while a task initializes (it has no record context
 * then). So nothing is written before {@link #open()}, which the task calls first thing at every
 * record and punctuation: flows cleared while the task initializes (a state reset at start) are
 * deleted there, and a flow written before it is a programming error.
 */
public final class PartitionState {

    private final int partition;
    private final KeyValueStore<String, byte[]> flows;
    private final KeyValueStore<Integer, byte[]> statuses;
    private final Consumer<PartitionStatus> onFlush;
    private final boolean fresh;
    private PartitionStatus status;
    private boolean dirty;
    /** True from the first record or punctuation on: the stores may be written. */
    private boolean open;
    /** The flows were cleared before {@link #open()}: they are deleted from the store there. */
    private boolean clearPending;

    private PartitionState(int partition, KeyValueStore<String, byte[]> flows, KeyValueStore<Integer, byte[]> statuses,
                           Consumer<PartitionStatus> onFlush, PartitionStatus status, boolean fresh) {
        this.partition = partition;
        this.flows = flows;
        this.statuses = statuses;
        this.onFlush = onFlush;
        this.status = status;
        this.fresh = fresh;
        this.dirty = fresh;
    }

    /**
     * Loads the partition's status from its store.
     *
     * @param ifAbsent the status of a partition this node never had state for
     * @param onFlush  told every status written (the heartbeat's progress board)
     */
    public static PartitionState load(int partition, KeyValueStore<String, byte[]> flows,
                                      KeyValueStore<Integer, byte[]> statuses, PartitionStatus ifAbsent,
                                      Consumer<PartitionStatus> onFlush) {
        byte[] stored = statuses.get(partition);
        return stored == null
                ? new PartitionState(partition, flows, statuses, onFlush, ifAbsent, true)
                : new PartitionState(partition, flows, statuses, onFlush, PartitionStatus.decode(stored), false);
    }

    public int partition() {
        return partition;
    }

    /** True when no status was stored for the partition when it was loaded: this node never had it. */
    public boolean fresh() {
        return fresh;
    }

    public PartitionStatus status() {
        return status;
    }

    public void status(PartitionStatus next) {
        status = next;
        dirty = true;
    }

    /**
     * Called at the start of every record and punctuation: from the first on, the stores may be
     * written, and flows cleared while the task initialized are deleted now.
     */
    public void open() {
        if (open) {
            return;
        }
        open = true;
        if (clearPending) {
            clearPending = false;
            deleteAllFlows();
        }
    }

    /** A flow's stored bytes ({@link StoredFlow} layout), or null. */
    public byte[] storedFlow(String flowId) {
        requireOpen();
        return flows.get(flowId);
    }

    /** Replaces a flow's stored bytes ({@code after} null removes it), keeping the digest right. */
    public void writeFlow(String flowId, byte[] after) {
        writeFlow(flowId, flows.get(flowId), after);
    }

    /** As {@link #writeFlow(String, byte[])}, when the caller already read {@code before}. */
    public void writeFlow(String flowId, byte[] before, byte[] after) {
        requireOpen();
        if (after == null) {
            if (before == null) {
                return;
            }
            flows.delete(flowId);
        } else {
            flows.put(flowId, after);
        }
        status = status.withDigest(StateDigest.update(status.digest(), flowId, before, after));
        dirty = true;
    }

    /**
     * Forgets every flow of the partition; the digest becomes {@link StateDigest#EMPTY}. Returns how
     * many. Before {@link #open()} the flows are only counted, and deleted at {@link #open()}.
     */
    public int clearFlows() {
        int cleared;
        if (open) {
            cleared = deleteAllFlows();
        } else {
            cleared = clearPending ? 0 : (int) countFlows();
            clearPending = true;
        }
        status = status.withDigest(StateDigest.EMPTY);
        dirty = true;
        return cleared;
    }

    private int deleteAllFlows() {
        List<String> ids = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = flows.all()) {
            while (all.hasNext()) {
                ids.add(all.next().key);
            }
        }
        ids.forEach(flows::delete);
        return ids.size();
    }

    private long countFlows() {
        long count = 0;
        try (KeyValueIterator<String, byte[]> all = flows.all()) {
            while (all.hasNext()) {
                all.next();
                count++;
            }
        }
        return count;
    }

    private void requireOpen() {
        if (!open) {
            throw new IllegalStateException("partition " + partition + ": flows are read and written only while handling"
                    + " a record or punctuation (open() first)");
        }
    }

    /**
     * Recomputes the digest from the stored flows, after a repair: a flow corrupted behind the
     * digest's back (the very thing a repair fixes) left the incremental digest unrelated to its
     * stored bytes. Returns the new digest.
     */
    public long recomputeDigest() {
        requireOpen();
        long digest = StateDigest.EMPTY;
        try (KeyValueIterator<String, byte[]> all = flows.all()) {
            while (all.hasNext()) {
                var entry = all.next();
                digest ^= StateDigest.ofFlow(entry.key, entry.value);
            }
        }
        status = status.withDigest(digest);
        dirty = true;
        return digest;
    }

    /** Every stored flow, in flow id order. Close the iterator. */
    public KeyValueIterator<String, byte[]> allFlows() {
        requireOpen();
        return flows.all();
    }

    /**
     * TEST ONLY: flips the state bytes of a stored flow without updating the digest, as silent
     * memory corruption would. The digest then differs from the leader's at the flow's next record.
     *
     * @return true if the flow existed and was corrupted
     */
    public boolean corruptForTest(String flowId) {
        requireOpen();
        byte[] stored = flows.get(flowId);
        if (stored == null) {
            return false;
        }
        StoredFlow flow = StoredFlow.decode(stored);
        byte[] state = flow.state() == null ? new byte[0] : flow.state().clone();
        if (state.length == 0) {
            state = new byte[] {1};
        } else {
            state[state.length - 1] ^= (byte) 0xFF;
        }
        flows.put(flowId, flow.withState(state).encode());
        return true;
    }

    /** Writes the status to its store if it changed, and tells the listener. */
    public void flush() {
        if (dirty && open) {
            statuses.put(partition, status.encode());
            onFlush.accept(status);
            dirty = false;
        }
    }
}
