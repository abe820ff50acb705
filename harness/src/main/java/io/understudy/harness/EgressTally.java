package io.understudy.harness;

import io.understudy.harness.traffic.EgressVerifier;
import io.understudy.records.EgressRecord;
import io.understudy.records.LeaderChange;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counts every record of a run against what was sent: nothing sampled. Feed it every payload the
 * bridge acknowledged ({@link #sent}), every leadership decision, and then the whole egress topic in
 * partition order ({@link #egress}); {@link #result()} says what was lost, duplicated, reordered,
 * and whether every egress record names the leader of its epoch. With an {@link EgressVerifier}
 * ({@link #verifyWith}) it also checks every payload, byte for byte, against what the client sent.
 *
 * <p>A payload seen twice is a duplicate, whoever made the copy: the pipeline, or an endpoint that
 * sent the packet again after the bridge died with its acknowledgement. The endpoints number their
 * packets, so the nodes drop the second copy of a retried packet ({@code duplicate-sequence}) and
 * none reaches egress; there is no exemption for retries.
 */
public final class EgressTally {

    /**
     * @param sent            payloads acknowledged by the bridge
     * @param egress          egress records read
     * @param lost            acknowledged payloads with no egress record
     * @param duplicated      egress records whose payload, or whose (partition, offset, index), was seen before
     * @param reordered       egress records that came after a later payload of the same flow, or a later ingress offset of the same partition
     * @param wrongLeader     egress records whose node is not the leader of their epoch on the leadership topic
     * @param unexpected      egress records with no stamp, or a stamp that was never acknowledged
     * @param mismatched      egress records whose payload (or route) is not what the client sent for its stamp
     */
    public record Result(long sent, long egress, long lost, long duplicated, long reordered, long wrongLeader,
                         long unexpected, long mismatched) {

        public boolean clean() {
            return lost == 0 && duplicated == 0 && reordered == 0 && wrongLeader == 0 && mismatched == 0;
        }
    }

    /** How many mismatch descriptions are kept for the report. */
    private static final int MISMATCH_EXAMPLES = 5;

    private static final class Flow {
        final BitSet sent = new BitSet();
        final BitSet seen = new BitSet();
        long highestSeen = -1;
    }

    private final Map<String, Flow> flows = new HashMap<>();
    private final Set<String> lineage = new HashSet<>();
    private final Map<Integer, Long> lastOffsetByPartition = new HashMap<>();
    private final Map<String, String> leaderOfEpoch = new HashMap<>();
    private long sent;
    private long egress;
    private long duplicated;
    private long reordered;
    private long wrongLeader;
    private long unexpected;
    private long mismatched;
    private EgressVerifier verifier;
    private final List<String> mismatchExamples = new ArrayList<>();

    /** From now on, checks every egress payload against what the client sent. */
    public synchronized void verifyWith(EgressVerifier verifier) {
        this.verifier = verifier;
    }

    /** A few of the mismatches found, described. */
    public synchronized List<String> mismatchExamples() {
        return List.copyOf(mismatchExamples);
    }

    public synchronized void sent(String flowId, long seq) {
        Flow flow = flows.computeIfAbsent(flowId, f -> new Flow());
        if (!flow.sent.get((int) seq)) {
            flow.sent.set((int) seq);
            sent++;
        }
    }

    public synchronized void leaderChange(LeaderChange change) {
        if (change.getLeader() != null) {
            leaderOfEpoch.put(change.getPartition() + "/" + change.getEpoch(), change.getLeader());
        }
    }

    /** One egress record, in the order of its partition. */
    public synchronized void egress(EgressRecord record) {
        egress++;
        String leader = leaderOfEpoch.get(record.getIngressPartition() + "/" + record.getLeaderEpoch());
        if (!record.getNode().equals(leader)) {
            wrongLeader++;
        }
        boolean duplicate = !lineage.add(record.getIngressPartition() + "/" + record.getIngressOffset() + "/"
                + record.getOutputIndex());
        Long lastOffset = lastOffsetByPartition.get(record.getIngressPartition());
        boolean outOfOrder = lastOffset != null && record.getIngressOffset() < lastOffset;
        lastOffsetByPartition.merge(record.getIngressPartition(), record.getIngressOffset(), Math::max);

        byte[] payload = bytes(record.getPayload());
        PayloadStamp stamp = (verifier == null ? PayloadStamp.read(payload) : verifier.stampOf(payload)).orElse(null);
        if (verifier != null) {
            String mismatch = verifier.mismatch(payload, record.getDestination());
            if (mismatch != null) {
                mismatched++;
                if (mismatchExamples.size() < MISMATCH_EXAMPLES) {
                    mismatchExamples.add("partition " + record.getIngressPartition() + " offset " + record.getIngressOffset()
                            + ": " + mismatch);
                }
            }
        }
        Flow flow = stamp == null ? null : flows.get(stamp.flowId());
        if (flow == null || !flow.sent.get((int) stamp.seq())) {
            unexpected++;
        }
        if (stamp != null) {
            flow = flows.computeIfAbsent(stamp.flowId(), f -> new Flow());
            int seq = (int) stamp.seq();
            if (flow.seen.get(seq)) {
                duplicate = true;
            }
            flow.seen.set(seq);
            if (seq < flow.highestSeen) {
                outOfOrder = true;
            }
            flow.highestSeen = Math.max(flow.highestSeen, seq);
        }
        if (duplicate) {
            duplicated++;
        }
        if (outOfOrder) {
            reordered++;
        }
    }

    public synchronized Result result() {
        long lost = 0;
        for (Flow flow : flows.values()) {
            BitSet missing = (BitSet) flow.sent.clone();
            missing.andNot(flow.seen);
            lost += missing.cardinality();
        }
        return new Result(sent, egress, lost, duplicated, reordered, wrongLeader, unexpected, mismatched);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }
}
