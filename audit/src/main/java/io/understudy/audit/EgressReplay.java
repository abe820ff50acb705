package io.understudy.audit;

import io.understudy.api.Emission;
import io.understudy.records.EgressRecord;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What {@code understudy replay} writes for one partition: the egress records of a range of
 * ingress offsets, either copied from the egress topic or recomputed from the ingress log. Both
 * carry the same lineage (ingress partition, offset, timestamp, output index and count, and the
 * node and epoch that led the offset), so downstream can reprocess either as it did the original.
 */
public final class EgressReplay {

    /**
     * How many records a partition's replay wrote and left out.
     *
     * @param written   records handed to the sink
     * @param skipped   records left out: undecodable egress (copy), or ingress no epoch covers yet (recompute)
     */
    public record Counts(long written, long skipped) {
    }

    private EgressReplay() {
    }

    /** Copies the egress records that answer ingress offsets in the range, in egress order. */
    public static Counts copy(List<EgressEntry> egress, AuditRange range, Consumer<EgressRecord> sink) {
        long written = 0;
        long skipped = 0;
        for (EgressEntry entry : egress) {
            if (entry.record() == null) {
                skipped++;
            } else if (range.contains(entry.record().getIngressOffset())) {
                sink.accept(entry.record());
                written++;
            }
        }
        return new Counts(written, skipped);
    }

    /**
     * Recomputes the egress of the range from the ingress log (replayed from its start), naming for
     * each ingress offset the leader of the epoch that covers it on the leadership log. Offsets no
     * epoch covers yet are skipped (counted).
     */
    public static Counts recompute(Iterable<IngressEntry> ingress, ReferenceReplay replay, EpochTable epochs,
                                   AuditRange range, Consumer<EgressRecord> sink) {
        long written = 0;
        long skipped = 0;
        for (IngressEntry record : ingress) {
            ExpectedOutput expected = replay.apply(record);
            if (record.offset() < range.fromOffset()) {
                continue;
            }
            if (range.toOffset() >= 0 && record.offset() > range.toOffset()) {
                break;
            }
            var epoch = epochs.epochCovering(record.partition(), record.offset());
            if (epoch.isEmpty()) {
                skipped += expected.emissions().size();
                continue;
            }
            List<Emission> emissions = expected.emissions();
            for (int i = 0; i < emissions.size(); i++) {
                sink.accept(EgressRecord.newBuilder()
                        .setFlowId(expected.flowId())
                        .setPayload(ByteBuffer.wrap(emissions.get(i).payload()))
                        .setDestination(emissions.get(i).destination())
                        .setIngressPartition(record.partition())
                        .setIngressOffset(record.offset())
                        .setIngressTimestamp(record.timestamp())
                        .setOutputIndex(i)
                        .setOutputCount(emissions.size())
                        .setNode(epoch.get().leader())
                        .setLeaderEpoch(epoch.get().epoch())
                        .build());
                written++;
            }
        }
        return new Counts(written, skipped);
    }

    /** Collects into a list (tests). */
    static List<EgressRecord> collect(java.util.function.Function<Consumer<EgressRecord>, Counts> run) {
        List<EgressRecord> out = new ArrayList<>();
        run.apply(out::add);
        return out;
    }
}
