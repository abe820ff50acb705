package io.understudy.audit;

import io.understudy.api.Emission;
import io.understudy.records.EgressRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * Checks the egress topic against the ingress log and the leadership log, partition by partition:
 * for every ingress record in the range, each output the traffic function produces on a replay from
 * the start of the log is in egress exactly once, in order, from the leader of its epoch, and equal
 * to the replay. Reads nothing itself: {@link TopicLogs} (or a test) hands it the records.
 */
public final class AuditChecker {

    private final AuditRange range;
    private final EpochTable epochs;
    private final boolean leadershipTruncated;
    private final IntFunction<ReferenceReplay> replays;
    private final int maxListed;

    /**
     * @param range               the ingress offsets to check
     * @param leadership          the whole leadership log that is left
     * @param leadershipTruncated true when retention deleted the start of the leadership log (epochs
     *                            before its first record cannot be checked)
     * @param replays             a fresh replay for a partition
     * @param maxListed           how many violations the report lists (all are counted)
     */
    public AuditChecker(AuditRange range, List<LeadershipEntry> leadership, boolean leadershipTruncated,
                        IntFunction<ReferenceReplay> replays, int maxListed) {
        this.range = range;
        this.epochs = EpochTable.of(leadership);
        this.leadershipTruncated = leadershipTruncated;
        this.replays = replays;
        this.maxListed = maxListed;
    }

    /** Audits the given partitions; the report lists leadership contradictions once. */
    public AuditReport check(Iterable<PartitionLogs> partitions) {
        Findings findings = new Findings(maxListed);
        epochs.conflicts().forEach(findings::add);
        List<PartitionSummary> summaries = new ArrayList<>();
        for (PartitionLogs logs : partitions) {
            summaries.add(checkPartition(logs, findings));
        }
        if (leadershipTruncated) {
            findings.unchecked.add(new Unchecked(-1, 0, -1, "leader of egress records naming epochs before the first"
                    + " remaining leadership decision", "retention deleted the start of the leadership topic"));
        }
        return new AuditReport(range, summaries, findings.listed, findings.unchecked,
                epochs.conflicts().size());
    }

    private PartitionSummary checkPartition(PartitionLogs logs, Findings findings) {
        int p = logs.partition();
        Counts counts = new Counts();
        EnumMap<Violation.Kind, Long> kinds = new EnumMap<>(Violation.Kind.class);
        Findings.Sink sink = violation -> {
            kinds.merge(violation.kind(), 1L, Long::sum);
            findings.add(violation);
        };

        // 1. egress in its own order: decodable, in the right partition, in order, from the epoch's leader
        TreeMap<Long, TreeMap<Integer, List<EgressEntry>>> byOutput = new TreeMap<>();
        long highestEmitted = -1;
        long firstRemainingIngressOffset = -1;
        int firstRemainingOutputIndex = 0;
        long[] previous = null;
        for (EgressEntry entry : logs.egress()) {
            if (entry.record() == null) {
                sink.report(new Violation(Violation.Kind.UNDECODABLE_EGRESS, p, -1, -1, null, List.of(entry.offset()),
                        null, -1, entry.decodeError()));
                continue;
            }
            EgressRecord record = entry.record();
            long o = record.getIngressOffset();
            int i = record.getOutputIndex();
            if (firstRemainingIngressOffset < 0) {
                firstRemainingIngressOffset = o;
                firstRemainingOutputIndex = i;
            }
            if (record.getIngressPartition() != p) {
                sink.report(new Violation(Violation.Kind.UNEXPECTED, record.getIngressPartition(), o, i,
                        record.getFlowId(), List.of(entry.offset()), record.getNode(), record.getLeaderEpoch(),
                        "found on egress partition " + p + ": egress for ingress partition " + record.getIngressPartition()
                                + " belongs in egress partition " + record.getIngressPartition()));
                continue;
            }
            if (o >= logs.ingressEnd()) {
                continue; // answers ingress written after the ingress end was read: outside this audit
            }
            highestEmitted = Math.max(highestEmitted, o);
            if (!range.contains(o)) {
                continue;
            }
            counts.egressChecked++;
            if (previous != null && (o < previous[0] || (o == previous[0] && i < previous[1]))) {
                sink.report(violation(Violation.Kind.REORDERED, entry, "comes after the egress of ingress@" + previous[0]
                        + " #" + previous[1]));
            } else {
                previous = new long[] {o, i};
            }
            checkLeader(entry, sink, counts);
            byOutput.computeIfAbsent(o, k -> new TreeMap<>()).computeIfAbsent(i, k -> new ArrayList<>()).add(entry);
        }

        // 2. what egress retention hid: the outputs before the first egress record left, those of earlier ingress
        //    records and, when retention cut between the outputs of one ingress record, its earlier outputs
        long completeFrom = range.fromOffset();
        int completeFromIndex = 0;
        if (logs.egressLogStart() > 0) {
            long hiddenUpTo = firstRemainingIngressOffset < 0 ? -1 // none left: hidden to the end
                    : firstRemainingOutputIndex > 0 ? firstRemainingIngressOffset : firstRemainingIngressOffset - 1;
            if (firstRemainingIngressOffset < 0 || hiddenUpTo >= range.fromOffset()) {
                findings.unchecked.add(new Unchecked(p, range.fromOffset(), hiddenUpTo, "presence and duplicates of egress",
                        "retention deleted egress offsets 0.." + (logs.egressLogStart() - 1) + " of partition " + p));
            }
            completeFrom = firstRemainingIngressOffset < 0 ? Long.MAX_VALUE : firstRemainingIngressOffset;
            completeFromIndex = firstRemainingOutputIndex;
        }

        // 3. the replay: every output exactly once and equal
        if (logs.ingressLogStart() > 0) {
            findings.unchecked.add(new Unchecked(p, range.fromOffset(), range.toOffset(),
                    "presence and content of egress (duplicates, order and leaders were checked)",
                    "retention deleted ingress offsets 0.." + (logs.ingressLogStart() - 1) + ", and the replay needs the"
                            + " log from its first record to rebuild the flows' state"));
            for (TreeMap<Integer, List<EgressEntry>> outputs : byOutput.values()) {
                for (List<EgressEntry> copies : outputs.values()) {
                    if (copies.size() > 1) {
                        sink.report(duplicate(copies));
                    }
                    counts.unchecked += 1;
                }
            }
            return counts.summary(p, kinds);
        }
        ReferenceReplay replay = replays.apply(p);
        long pendingFrom = -1;
        long pendingTo = -1;
        for (IngressEntry ingress : logs.ingress()) {
            ExpectedOutput expected = replay.apply(ingress);
            long o = ingress.offset();
            if (o < range.fromOffset()) {
                continue;
            }
            if (range.toOffset() >= 0 && o > range.toOffset()) {
                break;
            }
            counts.ingressChecked++;
            counts.expectedOutputs += expected.emissions().size();
            if (expected.dropReason() != null) {
                counts.drops++;
            }
            TreeMap<Integer, List<EgressEntry>> found = byOutput.remove(o);
            for (int i = 0; i < expected.emissions().size(); i++) {
                List<EgressEntry> copies = found == null ? null : found.remove(i);
                if (copies == null) {
                    if (o < completeFrom || o == completeFrom && i < completeFromIndex) {
                        counts.unchecked++;
                    } else if (o > highestEmitted) {
                        counts.pending++;
                        pendingFrom = pendingFrom < 0 ? o : pendingFrom;
                        pendingTo = o;
                    } else {
                        sink.report(new Violation(Violation.Kind.GAP, p, o, i, expected.flowId(), List.of(), null, -1,
                                "no egress record for output " + i + " of " + expected.emissions().size()
                                        + " (the selector emitted up to ingress@" + highestEmitted + ")"));
                    }
                    continue;
                }
                if (copies.size() > 1) {
                    sink.report(duplicate(copies));
                }
                boolean allEqual = true;
                for (EgressEntry copy : copies) {
                    String difference = difference(expected, i, copy.record());
                    if (difference != null) {
                        allEqual = false;
                        sink.report(violation(Violation.Kind.MISMATCH, copy, difference));
                    }
                }
                if (allEqual && copies.size() == 1) {
                    counts.matched++;
                }
            }
            if (found != null) {
                for (List<EgressEntry> extra : found.values()) {
                    for (EgressEntry entry : extra) {
                        sink.report(violation(Violation.Kind.UNEXPECTED, entry, "ingress@" + o + " produces "
                                + expected.emissions().size() + " output(s)" + (expected.dropReason() == null ? ""
                                : " (dropped: " + expected.dropReason() + ")") + ", not an output #"
                                + entry.record().getOutputIndex()));
                    }
                }
            }
        }
        // egress answering ingress offsets the log does not hold (transaction markers, or past its end)
        for (TreeMap<Integer, List<EgressEntry>> outputs : byOutput.values()) {
            for (List<EgressEntry> copies : outputs.values()) {
                for (EgressEntry entry : copies) {
                    sink.report(violation(Violation.Kind.UNEXPECTED, entry, "no ingress record at offset "
                            + entry.record().getIngressOffset() + " of partition " + p + " (log end "
                            + logs.ingressEnd() + ")"));
                }
            }
        }
        if (counts.pending > 0) {
            findings.unchecked.add(new Unchecked(p, pendingFrom, pendingTo, counts.pending + " output(s)",
                    "not emitted yet: the selector's last egress on this partition answers ingress@" + highestEmitted
                            + (range.allowPending() ? "" : " (counted as a violation; --allow-pending tolerates it)")));
        }
        return counts.summary(p, kinds);
    }

    private void checkLeader(EgressEntry entry, Findings.Sink sink, Counts counts) {
        EgressRecord record = entry.record();
        int p = record.getIngressPartition();
        var epoch = epochs.epoch(p, record.getLeaderEpoch());
        if (epoch.isEmpty()) {
            if (leadershipTruncated) {
                counts.unchecked++;
                return;
            }
            sink.report(violation(Violation.Kind.WRONG_LEADER, entry, "epoch " + record.getLeaderEpoch()
                    + " of partition " + p + " is not on the leadership topic"));
            return;
        }
        EpochTable.Epoch e = epoch.get();
        if (!e.leader().equals(record.getNode())) {
            sink.report(violation(Violation.Kind.WRONG_LEADER, entry, "epoch " + e.epoch() + " was led by " + e.leader()
                    + " (leadership offset " + e.decisionOffset() + ")"));
        } else if (!e.covers(record.getIngressOffset())) {
            sink.report(violation(Violation.Kind.WRONG_LEADER, entry, "epoch " + e.epoch() + " covers ingress offsets "
                    + (e.afterOffset() + 1) + ".." + (e.upToOffset() == Long.MAX_VALUE ? "" : e.upToOffset())));
        }
    }

    /** What differs between an egress record and the replay's output {@code index}, or null. */
    static String difference(ExpectedOutput expected, int index, EgressRecord record) {
        Emission emission = expected.emissions().get(index);
        List<String> differences = new ArrayList<>();
        byte[] payload = ReferenceReplay.bytes(record.getPayload());
        if (!Arrays.equals(payload, emission.payload())) {
            differences.add("payload differs (" + payload.length + " bytes, replay " + emission.payload().length
                    + " bytes, first difference at byte " + Arrays.mismatch(payload, emission.payload()) + ")");
        }
        if (!Objects.equals(record.getDestination(), emission.destination())) {
            differences.add("destination " + record.getDestination() + ", replay " + emission.destination());
        }
        if (!record.getFlowId().equals(expected.flowId())) {
            differences.add("flow " + record.getFlowId() + ", replay " + expected.flowId());
        }
        if (record.getIngressTimestamp() != expected.timestamp()) {
            differences.add("ingress timestamp " + record.getIngressTimestamp() + ", ingress record " + expected.timestamp());
        }
        if (record.getOutputCount() != expected.emissions().size()) {
            differences.add("output count " + record.getOutputCount() + ", replay " + expected.emissions().size());
        }
        return differences.isEmpty() ? null : String.join("; ", differences);
    }

    private static Violation duplicate(List<EgressEntry> copies) {
        EgressRecord first = copies.get(0).record();
        List<Long> offsets = copies.stream().map(EgressEntry::offset).toList();
        List<String> nodes = copies.stream().map(c -> c.record().getNode() + "/" + c.record().getLeaderEpoch()).toList();
        return new Violation(Violation.Kind.DUPLICATE, first.getIngressPartition(), first.getIngressOffset(),
                first.getOutputIndex(), first.getFlowId(), offsets, first.getNode(), first.getLeaderEpoch(),
                copies.size() + " egress records for one output (node/epoch: " + nodes + ")");
    }

    private static Violation violation(Violation.Kind kind, EgressEntry entry, String detail) {
        EgressRecord record = entry.record();
        return new Violation(kind, record.getIngressPartition(), record.getIngressOffset(), record.getOutputIndex(),
                record.getFlowId(), List.of(entry.offset()), record.getNode(), record.getLeaderEpoch(), detail);
    }

    private final class Counts {
        long ingressChecked;
        long expectedOutputs;
        long drops;
        long egressChecked;
        long matched;
        long pending;
        long unchecked;

        PartitionSummary summary(int p, Map<Violation.Kind, Long> kinds) {
            return new PartitionSummary(p, ingressChecked, expectedOutputs, drops, egressChecked, matched, pending,
                    unchecked, kinds);
        }
    }

    /** Every violation is counted; the first {@code maxListed} are kept for the report. */
    private static final class Findings {
        interface Sink {
            void report(Violation violation);
        }

        final int maxListed;
        final List<Violation> listed = new ArrayList<>();
        final List<Unchecked> unchecked = new ArrayList<>();

        Findings(int maxListed) {
            this.maxListed = maxListed;
        }

        void add(Violation violation) {
            if (listed.size() < maxListed) {
                listed.add(violation);
            }
        }
    }
}
