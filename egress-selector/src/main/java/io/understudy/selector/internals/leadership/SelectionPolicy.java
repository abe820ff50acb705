package io.understudy.selector.internals.leadership;

import java.util.Optional;

/**
 * The timing and choice rules of leader selection. Every time here is broker time, as read from the
 * heartbeats topic (see {@link io.understudy.selector.internals.liveness.LivenessView}).
 *
 * @param initialPrimary   the node to lead every partition at first, if given
 * @param failureTimeoutMs no heartbeat from the leader for this long means it failed
 * @param stallTimeoutMs   the leader is stalled when the progress its heartbeats report on the partition
 *                         stood still for this long ...
 * @param stallMinLead     ... while an eligible backup reports at least this many offsets more
 * @param maxKeptPerNode   outputs kept per backup and partition before the backup is made ineligible
 * @param digestWindowOffsets how many offsets behind the watermark a node's output can still be
 *                         compared with the emitted one; a backup further behind is ordered to resynchronize
 */
public record SelectionPolicy(Optional<String> initialPrimary, long failureTimeoutMs, long stallTimeoutMs,
                              int stallMinLead, int maxKeptPerNode, long digestWindowOffsets) {

    /** The default comparison window (the {@code digest.window.offsets} setting's default). */
    public static final long DEFAULT_DIGEST_WINDOW_OFFSETS = 65_536;

    /** A policy with the default comparison window. */
    public SelectionPolicy(Optional<String> initialPrimary, long failureTimeoutMs, long stallTimeoutMs,
                           int stallMinLead, int maxKeptPerNode) {
        this(initialPrimary, failureTimeoutMs, stallTimeoutMs, stallMinLead, maxKeptPerNode,
                DEFAULT_DIGEST_WINDOW_OFFSETS);
    }
}
