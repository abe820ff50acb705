package io.understudy.selector.internals.status;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Egress records per second over the last {@value #SECONDS} seconds, for the status page's chart:
 * a ring of per-second counts, each slot tagged with the second it counts.
 */
final class EgressRate {

    static final int SECONDS = 120;

    private final AtomicLongArray seconds = new AtomicLongArray(SECONDS);
    private final AtomicLongArray counts = new AtomicLongArray(SECONDS);

    void add(long nowMs, long records) {
        long second = nowMs / 1_000;
        int slot = (int) (second % SECONDS);
        long tagged = seconds.get(slot);
        if (tagged != second && seconds.compareAndSet(slot, tagged, second)) {
            counts.set(slot, 0); // a racing add of the same second may be lost: it is a chart, not a count
        }
        counts.addAndGet(slot, records);
    }

    /** One point per second, oldest first, the current second excluded (it is not complete). */
    List<long[]> lastSeconds(long nowMs, int howMany) {
        long current = nowMs / 1_000;
        List<long[]> points = new ArrayList<>(howMany);
        for (long second = current - Math.min(howMany, SECONDS - 1); second < current; second++) {
            int slot = (int) (second % SECONDS);
            points.add(new long[] {second, seconds.get(slot) == second ? counts.get(slot) : 0});
        }
        return points;
    }
}
