package io.understudy.selector.leadership;

import java.util.Optional;

/**
 * The timing and choice rules of leader selection.
 *
 * @param initialPrimary   the node to lead every partition at first, if given
 * @param failureTimeoutMs no heartbeat from the leader for this long means it failed
 * @param startupGraceMs   after the selector starts, how long a node it has not heard from yet is presumed alive
 * @param stallTimeoutMs   the leader is stalled when none of its outputs arrived for this long ...
 * @param stallMinLead     ... while an eligible backup has at least this many outputs kept beyond the watermark
 * @param maxKeptPerNode   outputs kept per backup and partition before the backup is made ineligible
 */
public record SelectionPolicy(Optional<String> initialPrimary, long failureTimeoutMs, long startupGraceMs,
                              long stallTimeoutMs, int stallMinLead, int maxKeptPerNode) {
}
