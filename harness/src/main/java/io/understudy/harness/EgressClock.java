package io.understudy.harness;

import io.understudy.records.EgressRecord;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * When each egress record arrived at a live reader: ingress-to-egress latency (arrival minus the
 * ingress timestamp the bridge set, both on this machine's clock) and the gaps in the egress
 * stream, which is where a failover shows.
 */
public final class EgressClock {

    private final Histogram latency = new Histogram(60_000, 3);
    private long[] arrivals = new long[1 << 16];
    private int count;

    public synchronized void accept(EgressRecord record, long arrivedAt) {
        if (count == arrivals.length) {
            arrivals = java.util.Arrays.copyOf(arrivals, count * 2);
        }
        arrivals[count++] = arrivedAt;
        latency.recordValue(Math.max(0, Math.min(60_000, arrivedAt - record.getIngressTimestamp())));
    }

    public synchronized long count() {
        return count;
    }

    /**
     * Waits until as many egress records as were acknowledged have arrived, for as long as they keep
     * coming: a slow pipeline must be reported slow, not lossy. Stops, saying so on {@code progress},
     * when no record arrived for {@code stallMs}.
     */
    public void awaitCount(long acked, long stallMs, PrintStream progress) throws InterruptedException {
        long last = -1;
        long stableSince = System.currentTimeMillis();
        while (count() < acked) {
            long now = count();
            if (now != last) {
                last = now;
                stableSince = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - stableSince > stallMs) {
                progress.printf("  ! egress stopped at %d of %d acknowledged%n", now, acked);
                return;
            }
            Thread.sleep(200);
        }
    }

    /** When the latest egress record arrived (wall clock ms), or 0 before the first. */
    public synchronized long lastArrival() {
        return count == 0 ? 0 : arrivals[count - 1];
    }

    public synchronized long latencyPercentile(double percentile) {
        return latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(percentile);
    }

    /** The longest time without egress between {@code from} and {@code to} (wall clock ms). */
    public synchronized long maxGapBetween(long from, long to) {
        long max = 0;
        long previous = from;
        for (int i = 0; i < count; i++) {
            long at = arrivals[i];
            if (at < from) {
                continue;
            }
            if (at > to) {
                break;
            }
            max = Math.max(max, at - previous);
            previous = at;
        }
        return max;
    }

    /**
     * The longest time between two consecutive arrivals where the later one is at or after
     * {@code from} and the earlier one at or before {@code until}: a pause that began before
     * {@code until} counts in full, however late egress resumed.
     */
    public synchronized long maxGapFrom(long from, long until) {
        long max = 0;
        for (int i = 1; i < count; i++) {
            if (arrivals[i] >= from && arrivals[i - 1] <= until) {
                max = Math.max(max, arrivals[i] - arrivals[i - 1]);
            }
        }
        return max;
    }

    /** For each kill, in order, the longest egress gap that spans or follows it within {@code windowMs}. */
    public synchronized List<Long> gapsAround(List<Long> killTimes, long windowMs) {
        List<Long> gaps = new ArrayList<>(killTimes.size());
        for (long kill : killTimes) {
            long max = 0;
            long previous = -1;
            for (int i = 0; i < count; i++) {
                long at = arrivals[i];
                if (at > kill + windowMs) {
                    break;
                }
                if (previous >= 0 && at >= kill) {
                    max = Math.max(max, at - previous);
                }
                previous = at;
            }
            gaps.add(max);
        }
        return gaps;
    }
}
