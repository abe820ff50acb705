package io.understudy.node.internals.sync;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the synchronization protocol did in this process, over all partitions: for logs, tests and
 * benchmarks. Written by stream threads, read by anyone.
 */
public final class SyncCounters {

    /** Requests sent while unsynced. */
    public final AtomicLong requestsSent = new AtomicLong();
    /** Checkpoint messages (chunks) sent as a leader. */
    public final AtomicLong checkpointChunksSent = new AtomicLong();
    /** Rounds after the first: re-checkpoints of the flows changed since the previous round. */
    public final AtomicLong recheckpointRounds = new AtomicLong();
    /** Declarations sent as a leader. */
    public final AtomicLong declarationsSent = new AtomicLong();
    /** Partitions this node got synchronized on by a declaration. */
    public final AtomicLong synchronizations = new AtomicLong();
    /** Checkpoints this node refused (static information mismatch). */
    public final AtomicLong refusals = new AtomicLong();
    /** Synchronizations this node abandoned and started again (timeout, digest, overflow, resync order). */
    public final AtomicLong restarts = new AtomicLong();
    /** Resync orders obeyed. */
    public final AtomicLong resyncOrders = new AtomicLong();
    /** Probes sent as a leader. */
    public final AtomicLong probesSent = new AtomicLong();
    /** Probes verified as a backup. */
    public final AtomicLong probesVerified = new AtomicLong();
    /** Flows a probe found different, and repaired. */
    public final AtomicLong flowsRepaired = new AtomicLong();
    /** Checkpoint messages ignored because their sender did not lead the partition on the leadership topic. */
    public final AtomicLong checkpointsFromNonLeaders = new AtomicLong();

    /** Every counter by name, for a log line or a report. */
    public Map<String, Long> snapshot() {
        Map<String, Long> values = new LinkedHashMap<>();
        values.put("requestsSent", requestsSent.get());
        values.put("checkpointChunksSent", checkpointChunksSent.get());
        values.put("recheckpointRounds", recheckpointRounds.get());
        values.put("declarationsSent", declarationsSent.get());
        values.put("synchronizations", synchronizations.get());
        values.put("refusals", refusals.get());
        values.put("restarts", restarts.get());
        values.put("resyncOrders", resyncOrders.get());
        values.put("probesSent", probesSent.get());
        values.put("probesVerified", probesVerified.get());
        values.put("flowsRepaired", flowsRepaired.get());
        values.put("checkpointsFromNonLeaders", checkpointsFromNonLeaders.get());
        return values;
    }
}
