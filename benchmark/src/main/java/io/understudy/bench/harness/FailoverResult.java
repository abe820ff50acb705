package io.understudy.bench.harness;

import java.util.List;

/**
 * The failover phase of a system with a standby.
 *
 * @param killed          the process killed with SIGKILL (the active one for most partitions)
 * @param gapMs           the longest egress gap on any partition from the kill on
 * @param recovered       false if some partition had no egress again within the window: the gap is
 *                        then at least {@code gapMs}
 * @param steadyGapMs     the longest egress gap on any partition before the kill, for comparison
 * @param bucketMs        width of the buckets of {@code egressRate}
 * @param startOffsetMs   when the first bucket starts, relative to the kill (negative)
 * @param egressRate      egress records/s per bucket, all partitions, around the kill
 */
public record FailoverResult(String killed, double gapMs, boolean recovered, double steadyGapMs, int bucketMs,
                             long startOffsetMs, List<Double> egressRate) {
}
