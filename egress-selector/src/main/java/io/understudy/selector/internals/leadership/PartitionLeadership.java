package io.understudy.selector.internals.leadership;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The selector's durable knowledge of one ingress partition: who leads, under which epoch, up to
 * which ingress offset outputs were emitted, and which nodes may not lead. Written to the selector
 * state topic (as a {@code SelectorState}) in the transaction of the egress it explains.
 *
 * @param partition         the ingress partition
 * @param leader            the leading node
 * @param epoch             the leader epoch (1 for the initial leader)
 * @param watermark         the last ingress offset whose outputs were emitted, or -1
 * @param staticFingerprint the static information every leader of this partition must have ("" until known)
 * @param ineligible        nodes that may not lead, and why
 * @param alarm             true while the leader is gone and no backup is eligible (the partition waits)
 */
public record PartitionLeadership(int partition, String leader, int epoch, long watermark, String staticFingerprint,
                                  Map<String, Ineligibility> ineligible, boolean alarm) {

    public PartitionLeadership {
        ineligible = Collections.unmodifiableMap(new TreeMap<>(ineligible));
    }

    public static PartitionLeadership initial(int partition, String leader, String staticFingerprint) {
        return new PartitionLeadership(partition, leader, 1, -1, staticFingerprint, Map.of(), false);
    }

    public PartitionLeadership withWatermark(long offset) {
        return new PartitionLeadership(partition, leader, epoch, offset, staticFingerprint, ineligible, alarm);
    }

    public PartitionLeadership withNewLeader(String node) {
        return new PartitionLeadership(partition, node, epoch + 1, watermark, staticFingerprint, ineligible, false);
    }

    public PartitionLeadership withAlarm(boolean raised) {
        return new PartitionLeadership(partition, leader, epoch, watermark, staticFingerprint, ineligible, raised);
    }

    public PartitionLeadership withStaticFingerprint(String fingerprint) {
        return new PartitionLeadership(partition, leader, epoch, watermark, fingerprint, ineligible, alarm);
    }

    public PartitionLeadership withIneligible(String node, Ineligibility why) {
        Map<String, Ineligibility> updated = new TreeMap<>(ineligible);
        updated.put(node, why);
        return new PartitionLeadership(partition, leader, epoch, watermark, staticFingerprint, updated, alarm);
    }

    public PartitionLeadership withEligible(String node) {
        Map<String, Ineligibility> updated = new TreeMap<>(ineligible);
        updated.remove(node);
        return new PartitionLeadership(partition, leader, epoch, watermark, staticFingerprint, updated, alarm);
    }
}
