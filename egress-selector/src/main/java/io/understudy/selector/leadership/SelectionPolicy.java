package io.understudy.selector.leadership;

import java.util.Optional;

/**
 * The timing and choice rules of leader selection. Every time here is broker time, as read from the
 * heartbeats topic (see {@link io.understudy.selector.liveness.LivenessView}).
 *
 * @param initialPrimary   the node to lead every partition at first, if given
 * @param failureTimeoutMs no heartbeat from the leader for this long means it failed
 * @param stallTimeoutMs   the leader is stalled when the progress its heartbeats report on the partition
 *                         stood still for this long ...
 * @param stallMinLead     ... while an eligible backup reports at least this many offsets more
 * @param maxKeptPerNode   outputs kept per backup and partition before the backup is made ineligible
 */
public record SelectionPolicy(Optional<String> initialPrimary, long failureTimeoutMs, long stallTimeoutMs,
                              int stallMinLead, int maxKeptPerNode) {
}
