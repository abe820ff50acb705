package io.understudy.selector.internals.status;

import io.understudy.records.LeaderChange;

/**
 * A leadership decision as the status page lists it.
 *
 * @param partition the ingress partition
 * @param epoch     the epoch it opened
 * @param leader    the new leader, or null when no node was eligible
 * @param previous  the leader before, or null
 * @param reason    the {@code LeaderChangeReason}
 * @param detail    why, in words
 * @param watermark the watermark at the decision
 * @param decidedAt the selector's clock (ms)
 */
public record Decision(int partition, int epoch, String leader, String previous, String reason, String detail,
                       long watermark, long decidedAt) {

    public static Decision of(LeaderChange change) {
        return new Decision(change.getPartition(), change.getEpoch(), change.getLeader(), change.getPreviousLeader(),
                change.getReason().name(), change.getDetail(), change.getWatermark(), change.getDecidedAt());
    }
}
