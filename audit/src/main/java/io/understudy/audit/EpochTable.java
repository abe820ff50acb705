package io.understudy.audit;

import io.understudy.records.LeaderChange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Who led each partition under each epoch, and which ingress offsets each epoch covers, as the
 * leadership topic tells it. Epoch {@code e} of a partition leads the offsets after the watermark
 * of its first decision, up to and including the watermark of the first decision of the next
 * epoch. Decisions that keep the epoch (no eligible backup, leader returned) change neither.
 */
public final class EpochTable {

    /**
     * One epoch of one partition.
     *
     * @param partition      ingress partition
     * @param epoch          the epoch
     * @param leader         the node that led it
     * @param afterOffset    it leads ingress offsets greater than this
     * @param upToOffset     up to and including this one ({@link Long#MAX_VALUE} for the current epoch)
     * @param decisionOffset offset of its first decision on the leadership topic
     */
    public record Epoch(int partition, int epoch, String leader, long afterOffset, long upToOffset, long decisionOffset) {

        public boolean covers(long ingressOffset) {
            return ingressOffset > afterOffset && ingressOffset <= upToOffset;
        }
    }

    private final Map<Integer, TreeMap<Integer, Epoch>> epochs = new HashMap<>();
    private final List<Violation> conflicts = new ArrayList<>();

    private EpochTable() {
    }

    /** Builds the table from the leadership log in its order. */
    public static EpochTable of(List<LeadershipEntry> log) {
        EpochTable table = new EpochTable();
        Map<Integer, TreeMap<Integer, Epoch>> open = table.epochs;
        for (LeadershipEntry entry : log) {
            LeaderChange change = entry.change();
            if (change.getLeader() == null) {
                continue;
            }
            TreeMap<Integer, Epoch> byEpoch = open.computeIfAbsent(change.getPartition(), p -> new TreeMap<>());
            Epoch known = byEpoch.get(change.getEpoch());
            if (known != null) {
                if (!known.leader().equals(change.getLeader())) {
                    table.conflicts.add(new Violation(Violation.Kind.LEADERSHIP, change.getPartition(), -1, -1, null,
                            List.of(), change.getLeader(), change.getEpoch(), "leadership offset " + entry.offset()
                            + " names " + change.getLeader() + " for epoch " + change.getEpoch() + ", which offset "
                            + known.decisionOffset() + " gave to " + known.leader()));
                }
                continue;
            }
            byEpoch.put(change.getEpoch(), new Epoch(change.getPartition(), change.getEpoch(), change.getLeader(),
                    change.getWatermark(), Long.MAX_VALUE, entry.offset()));
        }
        for (TreeMap<Integer, Epoch> byEpoch : open.values()) {
            Epoch later = null;
            for (Epoch epoch : byEpoch.descendingMap().values()) {
                if (later != null) {
                    byEpoch.put(epoch.epoch(), new Epoch(epoch.partition(), epoch.epoch(), epoch.leader(),
                            epoch.afterOffset(), later.afterOffset(), epoch.decisionOffset()));
                }
                later = epoch;
            }
        }
        return table;
    }

    public Optional<Epoch> epoch(int partition, int epoch) {
        TreeMap<Integer, Epoch> byEpoch = epochs.get(partition);
        return byEpoch == null ? Optional.empty() : Optional.ofNullable(byEpoch.get(epoch));
    }

    /** The epoch that covers an ingress offset, if the leadership log knows one. */
    public Optional<Epoch> epochCovering(int partition, long ingressOffset) {
        TreeMap<Integer, Epoch> byEpoch = epochs.get(partition);
        if (byEpoch == null) {
            return Optional.empty();
        }
        return byEpoch.values().stream().filter(e -> e.covers(ingressOffset)).findFirst();
    }

    /** Contradictions found in the leadership log itself. */
    public List<Violation> conflicts() {
        return List.copyOf(conflicts);
    }
}
