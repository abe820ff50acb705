package io.understudy.bench.harness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Counts every egress record of one system's run against what the load generator had acknowledged
 * by the broker: nothing is sampled. Feed it the acknowledgements ({@link #acked}) and every egress
 * record in the order of its partition ({@link #egress}); {@link #counts()} says what was lost,
 * duplicated, reordered or unexpected. It also keeps when each record arrived, per partition, for the
 * latency of each phase, the egress gaps and the egress rate over time. Thread-safe.
 */
public final class EgressCounter {

    /**
     * @param acked      packets the broker acknowledged to the load generator
     * @param egress     egress records read
     * @param lost       acknowledged packets never seen on egress
     * @param duplicated egress records whose packet was seen before
     * @param reordered  egress records that came after a later packet of the same flow
     * @param unexpected egress records without a stamp, or whose packet was never acknowledged
     */
    public record Counts(long acked, long egress, long lost, long duplicated, long reordered, long unexpected) {

        public boolean clean() {
            return lost == 0 && duplicated == 0 && reordered == 0 && unexpected == 0;
        }
    }

    private static final long MAX_LATENCY_MICROS = 10L * 60 * 1_000_000;

    private static final class Flow {
        final BitSet acked = new BitSet();
        final BitSet seen = new BitSet();
        long highestSeen = -1;
    }

    /** Arrival times of one partition's egress, in arrival order, and who produced the last one. */
    private static final class PartitionArrivals {
        long[] nanos = new long[1 << 12];
        int count;
        String lastProducer;

        void add(long at) {
            if (count == nanos.length) {
                nanos = Arrays.copyOf(nanos, count * 2);
            }
            nanos[count++] = at;
        }
    }

    private final Map<String, Flow> flows = new HashMap<>();
    private final Map<Integer, PartitionArrivals> partitions = new TreeMap<>();
    private final Map<Integer, Histogram> latencyByPhase = new HashMap<>();
    private final Map<Integer, Long> egressByPhase = new HashMap<>();
    private final Map<Integer, long[]> spanByPhase = new HashMap<>(); // {first arrival, last arrival}
    private long acked;
    private long egress;
    private long duplicated;
    private long reordered;
    private long unstamped;

    /** The broker acknowledged this packet to the load generator. */
    public synchronized void acked(String flowId, long seq) {
        Flow flow = flows.computeIfAbsent(flowId, f -> new Flow());
        if (!flow.acked.get(index(seq))) {
            flow.acked.set(index(seq));
            acked++;
        }
    }

    /**
     * One egress record, in the order of its partition.
     *
     * @param partition   the egress partition it was read from
     * @param payload     its payload, stamped by the load generator
     * @param producer    the instance (node) that produced it
     * @param arrivedNanos when it was read, on {@link System#nanoTime()}
     */
    public synchronized void egress(int partition, byte[] payload, String producer, long arrivedNanos) {
        egress++;
        PartitionArrivals arrivals = partitions.computeIfAbsent(partition, p -> new PartitionArrivals());
        arrivals.add(arrivedNanos);
        arrivals.lastProducer = producer;
        BenchStamp stamp = BenchStamp.read(payload).orElse(null);
        if (stamp == null) {
            unstamped++;
            return;
        }
        egressByPhase.merge(stamp.phase(), 1L, Long::sum);
        long[] span = spanByPhase.computeIfAbsent(stamp.phase(), p -> new long[] {arrivedNanos, arrivedNanos});
        span[1] = arrivedNanos;
        latencyByPhase.computeIfAbsent(stamp.phase(), p -> new Histogram(MAX_LATENCY_MICROS, 3))
                .recordValue(Math.max(0, Math.min(MAX_LATENCY_MICROS, (arrivedNanos - stamp.sentNanos()) / 1_000)));
        Flow flow = flows.computeIfAbsent(stamp.flowId(), f -> new Flow());
        int seq = index(stamp.seq());
        if (flow.seen.get(seq)) {
            duplicated++;
        }
        flow.seen.set(seq);
        if (seq < flow.highestSeen) {
            reordered++;
        }
        flow.highestSeen = Math.max(flow.highestSeen, seq);
    }

    public synchronized long acked() {
        return acked;
    }

    public synchronized long egressCount() {
        return egress;
    }

    public synchronized long egressOfPhase(int phase) {
        return egressByPhase.getOrDefault(phase, 0L);
    }

    /**
     * The phase's egress records per second between the first and the last of them to arrive: what
     * the system sustained while it had the phase's packets to work on; 0 with fewer than two.
     */
    public synchronized double egressRateOfPhase(int phase) {
        long[] span = spanByPhase.get(phase);
        if (span == null || span[1] <= span[0]) {
            return 0;
        }
        return (egressByPhase.get(phase) - 1) / ((span[1] - span[0]) / 1e9);
    }

    /** Latency of the phase's packets, in microseconds (a copy). */
    public synchronized Histogram latencyOfPhase(int phase) {
        Histogram histogram = latencyByPhase.get(phase);
        return histogram == null ? new Histogram(MAX_LATENCY_MICROS, 3) : histogram.copy();
    }

    /** Partitions that have had egress so far. */
    public synchronized int partitionsSeen() {
        return partitions.size();
    }

    /** Per partition, the instance that produced its latest egress record. */
    public synchronized Map<Integer, String> lastProducers() {
        Map<Integer, String> producers = new TreeMap<>();
        partitions.forEach((partition, arrivals) -> producers.put(partition, arrivals.lastProducer));
        return producers;
    }

    /** Egress records that arrived in {@code [from, to)}, all partitions. */
    public synchronized long arrivalsBetween(long fromNanos, long toNanos) {
        long n = 0;
        for (PartitionArrivals arrivals : partitions.values()) {
            for (int i = 0; i < arrivals.count; i++) {
                if (arrivals.nanos[i] >= fromNanos && arrivals.nanos[i] < toNanos) {
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * The egress gap at a kill: on each partition, the longest time without egress among the intervals
     * that end after {@code killNanos}, up to {@code untilNanos}, counting from the last record before
     * the kill; a partition with nothing after the kill counts until {@code untilNanos}. The maximum
     * over partitions, in nanoseconds.
     */
    public synchronized Gap gapAfter(long killNanos, long untilNanos) {
        long max = 0;
        boolean recovered = true;
        for (PartitionArrivals arrivals : partitions.values()) {
            long previous = -1;
            boolean after = false;
            for (int i = 0; i < arrivals.count; i++) {
                long at = arrivals.nanos[i];
                if (at > untilNanos) {
                    break;
                }
                if (at >= killNanos && previous >= 0) {
                    max = Math.max(max, at - previous);
                }
                if (at >= killNanos) {
                    after = true;
                }
                previous = at;
            }
            if (!after) {
                recovered = false;
                max = Math.max(max, untilNanos - (previous >= 0 ? previous : killNanos));
            }
        }
        return new Gap(max, recovered);
    }

    /**
     * @param nanos     the longest gap
     * @param recovered false if some partition had no egress at all after the kill (then the gap is a
     *                  lower bound: it lasted at least until the end of the window)
     */
    public record Gap(long nanos, boolean recovered) {
    }

    /** The longest gap between two consecutive records of one partition, both in {@code [from, to]}. */
    public synchronized long maxGapBetween(long fromNanos, long toNanos) {
        long max = 0;
        for (PartitionArrivals arrivals : partitions.values()) {
            long previous = -1;
            for (int i = 0; i < arrivals.count; i++) {
                long at = arrivals.nanos[i];
                if (at < fromNanos) {
                    continue;
                }
                if (at > toNanos) {
                    break;
                }
                if (previous >= 0) {
                    max = Math.max(max, at - previous);
                }
                previous = at;
            }
        }
        return max;
    }

    /** Egress records per second in buckets of {@code bucketMillis} from {@code from} to {@code to}, all partitions. */
    public synchronized List<Double> rateSeries(long fromNanos, long toNanos, int bucketMillis) {
        long bucket = bucketMillis * 1_000_000L;
        int buckets = (int) Math.max(1, (toNanos - fromNanos + bucket - 1) / bucket);
        long[] counts = new long[buckets];
        for (PartitionArrivals arrivals : partitions.values()) {
            for (int i = 0; i < arrivals.count; i++) {
                long at = arrivals.nanos[i];
                if (at >= fromNanos && at < toNanos) {
                    counts[(int) ((at - fromNanos) / bucket)]++;
                }
            }
        }
        List<Double> rates = new ArrayList<>(buckets);
        for (long count : counts) {
            rates.add(count * 1000.0 / bucketMillis);
        }
        return rates;
    }

    /** The count so far; final once every acknowledgement is in and egress has been read to its end. */
    public synchronized Counts counts() {
        long lost = 0;
        long unexpected = unstamped;
        for (Flow flow : flows.values()) {
            BitSet missing = (BitSet) flow.acked.clone();
            missing.andNot(flow.seen);
            lost += missing.cardinality();
            BitSet extra = (BitSet) flow.seen.clone();
            extra.andNot(flow.acked);
            unexpected += extra.cardinality();
        }
        return new Counts(acked, egress, lost, duplicated, reordered, unexpected);
    }

    private static int index(long seq) {
        if (seq < 0 || seq > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("sequence out of range: " + seq);
        }
        return (int) seq;
    }
}
