package io.understudy.node.internals.sync;

import io.understudy.node.internals.PartitionLog;
import io.understudy.node.internals.leadership.LeaderLookup;
import io.understudy.node.internals.state.PartitionState;
import io.understudy.node.internals.state.StoredFlow;
import io.understudy.records.FlowContext;
import io.understudy.records.SyncProbe;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * A synchronized backup's check of the leader's probes for one partition, the other half of the
 * probe sending in {@link LeaderSide#probe}: each probe carries one slice of the leader's flow
 * contexts at its position; this node compares the slice with its own flows once it is at that
 * position too, and repairs every flow that differs to the leader's context (a silent corruption
 * that the digest would otherwise only report). Apart from {@link BackupSide}, which only gets a
 * partition synchronized: that side tells this one to {@link #forget()} a held probe whenever the
 * partition's state starts over.
 */
public final class ProbeVerifier {

    private final PartitionLog log;
    private final LeaderLookup leaders;
    private final SyncCounters counters;
    private final PartitionState state;
    /** A probe from ahead of this node, verified once this node reaches its position; or null. */
    private SyncProbe heldProbe;

    public ProbeVerifier(SyncContext context) {
        this.log = context.log(ProbeVerifier.class);
        this.leaders = context.leaders();
        this.counters = context.counters();
        this.state = context.state();
    }

    /** A probe of the leader's contexts: verified now, or once this node reaches the probe's position. */
    public void onProbe(String sender, SyncProbe probe) {
        if (!state.status().isSynchronized()) {
            return;
        }
        if (leaders.leaderOf(state.partition()).filter(sender::equals).isEmpty()) {
            log.debug("probe from {}, who does not lead, ignored", sender);
            return;
        }
        if (state.status().lastOffset() < probe.getPosition()) {
            heldProbe = probe;
            return;
        }
        verify(sender, probe, state.status().lastOffset() == probe.getPosition());
    }

    /** After each record applied: a held probe is verified once this node is at its position. */
    public void afterRecord() {
        if (heldProbe != null && state.status().lastOffset() >= heldProbe.getPosition()) {
            SyncProbe probe = heldProbe;
            heldProbe = null;
            verify(leaders.leaderOf(state.partition()).orElse("?"), probe, state.status().lastOffset() == probe.getPosition());
        }
    }

    /**
     * Compares the probe's slice with this node's flows. A flow this node changed after the probe's
     * position cannot be compared and is skipped; one absent here is only known to be missing when
     * this node is exactly at the probe's position (else it may have been removed since).
     */
    private void verify(String leader, SyncProbe probe, boolean exact) {
        long position = probe.getPosition();
        Map<String, byte[]> theirs = new TreeMap<>(); // repairs (and their log lines) in flow id order
        for (FlowContext context : probe.getContexts()) {
            theirs.put(context.getFlowId(), StoredFlow.of(context).encode());
        }
        int repaired = 0;
        int compared = 0;
        for (Map.Entry<String, byte[]> entry : theirs.entrySet()) {
            byte[] mine = state.storedFlow(entry.getKey());
            if (mine == null) {
                if (exact) {
                    repair(leader, probe, entry.getKey(), null, entry.getValue(), "missing here");
                    repaired++;
                }
                continue;
            }
            if (StoredFlow.decode(mine).lastOffset() > position) {
                continue;
            }
            compared++;
            if (!Arrays.equals(mine, entry.getValue())) {
                repair(leader, probe, entry.getKey(), mine, entry.getValue(), "differs");
                repaired++;
            }
        }
        List<KeyValue<String, byte[]>> extra = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = state.allFlows()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                if (!theirs.containsKey(entry.key) && FlowSlices.sliceOf(entry.key, probe.getSliceCount()) == probe.getSliceIndex()
                        && StoredFlow.decode(entry.value).lastOffset() <= position) {
                    extra.add(entry);
                }
            }
        }
        for (KeyValue<String, byte[]> entry : extra) {
            repair(leader, probe, entry.key, entry.value, null, "not held by the leader");
            repaired++;
        }
        counters.probesVerified.incrementAndGet();
        if (repaired > 0) {
            state.recomputeDigest();
            log.warn("probe {} from {} at offset {}: repaired {} flow(s) of slice {}/{} ({} compared)",
                    probe.getProbeId(), leader, position, repaired, probe.getSliceIndex(),
                    probe.getSliceCount(), compared);
        } else {
            log.debug("probe {} at offset {}: {} flows compared, all equal", probe.getProbeId(), position, compared);
        }
    }

    private void repair(String leader, SyncProbe probe, String flowId, byte[] mine, byte[] theirs, String how) {
        state.writeFlow(flowId, mine, theirs);
        counters.flowsRepaired.incrementAndGet();
        log.warn("flow {} {} (probe {} from {} at offset {}): repaired to the leader's context",
                flowId, how, probe.getProbeId(), leader, probe.getPosition());
    }

    /** The partition's state starts over (or was just installed): a held probe no longer applies. */
    void forget() {
        heldProbe = null;
    }
}
