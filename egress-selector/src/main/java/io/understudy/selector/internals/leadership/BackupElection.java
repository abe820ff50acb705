package io.understudy.selector.internals.leadership;

import io.understudy.records.PartitionProgress;
import io.understudy.records.StaticInfo;
import io.understudy.records.SyncState;
import io.understudy.selector.internals.liveness.InstanceLiveness;
import io.understudy.selector.internals.liveness.LivenessView;
import io.understudy.selector.internals.liveness.NodeLiveness;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Who is alive, and who may lead a partition: the rules of docs/design.md, in one place. Time is
 * the broker's (see {@link LivenessView}).
 *
 * <p>A backup is eligible for partition p at watermark w when its heartbeat is fresh, its static
 * information equals the partition's, it reports being synchronized for p from an offset no later
 * than w + 1 (so every output it has after w is synchronized), and no digest mismatch made it
 * ineligible since. Among eligible backups the one with the most progress wins; ties go to the
 * smallest node id, so the choice is reproducible.
 *
 * <p>A node may run as several instances that share its partitions. Everything about a partition
 * is then judged by the instance that holds it ({@link NodeLiveness#holder}): its freshness, its
 * progress, its static information. A leader fails on a partition when the instance holding it is
 * silent for the failure timeout, whatever its siblings do, and when no instance of it has held
 * the partition for the stall timeout (a move between instances whose restore takes too long).
 */
public final class BackupElection {

    private final SelectionPolicy policy;
    private final LivenessView liveness;

    public BackupElection(SelectionPolicy policy, LivenessView liveness) {
        this.policy = policy;
        this.liveness = liveness;
    }

    /**
     * Why {@code node} has failed as the leader of {@code partition} at broker time {@code now}, or
     * empty while it leads it: the instance holding the partition is silent for the failure
     * timeout, or the whole node is, or no instance has held the partition for the stall timeout.
     */
    public Optional<String> whyFailed(String node, int partition, long now) {
        Optional<NodeLiveness> latest = liveness.latest(node);
        if (latest.isEmpty()) {
            return Optional.of("no heartbeat from " + node + " since the selector started");
        }
        NodeLiveness live = latest.get();
        Optional<InstanceLiveness> holder = live.holder(partition);
        if (holder.isPresent()) {
            long silence = holder.get().ageAt(now);
            return silence <= policy.failureTimeoutMs() ? Optional.empty()
                    : Optional.of("no heartbeat from " + named(node, holder.get()) + " for " + silence + " ms");
        }
        long silence = live.ageAt(now);
        if (silence > policy.failureTimeoutMs()) {
            return Optional.of("no heartbeat from " + node + " for " + silence + " ms");
        }
        long unheld = now - live.lastClaimAt(partition);
        if (unheld > policy.stallTimeoutMs()) {
            return Optional.of("no instance of " + node + " has held partition " + partition + " for " + unheld
                    + " ms (moved between instances, restoring its state)");
        }
        return Optional.empty();
    }

    /** How an instance is named in a decision: {@code a} for a node of one instance, {@code a/a1} else. */
    private static String named(String node, InstanceLiveness instance) {
        return instance.instanceId().equals(node) ? node : node + "/" + instance.instanceId();
    }

    /** Whether an instance of the node holds the partition and is alive: it can lead it now. */
    public boolean holdsAlive(String node, int partition, long now) {
        return liveness.latest(node).flatMap(live -> live.holder(partition))
                .map(holder -> holder.ageAt(now) <= policy.failureTimeoutMs()).orElse(false);
    }

    /** Whether the node was heard from at all since the listener's look-back. */
    public boolean heardFrom(String node) {
        return liveness.latest(node).isPresent();
    }

    /** Why {@code node} may not take over the partition now, or empty when it may. */
    public Optional<String> whyIneligible(String node, PartitionLeadership partition, long now) {
        Optional<NodeLiveness> latest = liveness.latest(node);
        if (latest.isEmpty()) {
            return Optional.of("no heartbeat seen");
        }
        NodeLiveness live = latest.get();
        if (live.ageAt(now) > policy.failureTimeoutMs()) {
            return Optional.of("silent for " + live.ageAt(now) + " ms");
        }
        Optional<InstanceLiveness> holder = live.holder(partition.partition());
        if (holder.isPresent() && holder.get().ageAt(now) > policy.failureTimeoutMs()) {
            return Optional.of(named(node, holder.get()) + ", which holds partition " + partition.partition()
                    + ", silent for " + holder.get().ageAt(now) + " ms");
        }
        String fingerprint = fingerprint(holder.map(InstanceLiveness::heartbeat).orElse(live.heartbeat())
                .getStaticInfo());
        if (!partition.staticFingerprint().isEmpty() && !partition.staticFingerprint().equals(fingerprint)) {
            return Optional.of("static information differs from the partition's");
        }
        Ineligibility ineligible = partition.ineligible().get(node);
        if (ineligible != null) {
            return Optional.of(ineligible.reason());
        }
        Optional<PartitionProgress> progress = live.progress(partition.partition());
        if (progress.isEmpty()) {
            return Optional.of("does not process partition " + partition.partition());
        }
        PartitionProgress p = progress.get();
        if (p.getSyncState() != SyncState.SYNCHRONIZED) {
            return Optional.of("is " + p.getSyncState() + (p.getDetail() == null ? "" : " (" + p.getDetail() + ")"));
        }
        if (p.getSyncedFrom() > partition.watermark() + 1) {
            return Optional.of("synchronized only from offset " + p.getSyncedFrom() + ", after watermark "
                    + partition.watermark());
        }
        return Optional.empty();
    }

    /** The eligible backup with the most progress on the partition, if any. */
    public Optional<String> best(PartitionLeadership partition, long now) {
        return liveness.nodes().stream()
                .filter(node -> !node.nodeId().equals(partition.leader()))
                .filter(node -> whyIneligible(node.nodeId(), partition, now).isEmpty())
                .max(Comparator.comparingLong((NodeLiveness node) -> progressOn(node, partition.partition()))
                        .thenComparing(NodeLiveness::nodeId, Comparator.reverseOrder()))
                .map(NodeLiveness::nodeId);
    }

    /** Every other node's reason for not being eligible, for the alarm message. */
    public Map<String, String> explainIneligible(PartitionLeadership partition, long now) {
        Map<String, String> reasons = new TreeMap<>();
        for (NodeLiveness node : liveness.nodes()) {
            if (!node.nodeId().equals(partition.leader())) {
                whyIneligible(node.nodeId(), partition, now).ifPresent(why -> reasons.put(node.nodeId(), why));
            }
        }
        return reasons;
    }

    /** The static fingerprint of a node as last heard, or "" if unknown. */
    public String fingerprintOf(String node) {
        return liveness.latest(node).map(l -> fingerprint(l.heartbeat().getStaticInfo())).orElse("");
    }

    /** The last ingress offset the node reports having processed on a partition, or -1. */
    public long reportedOffset(String node, int partition) {
        return liveness.latest(node).flatMap(l -> l.progress(partition)).map(PartitionProgress::getLastOffset).orElse(-1L);
    }

    /** The node's latest reported progress on a partition, if it was heard from. */
    public Optional<PartitionProgress> latestProgress(String node, int partition) {
        return liveness.latest(node).flatMap(l -> l.progress(partition));
    }

    /** A stable rendering of static information, equal exactly when the static information is. */
    public static String fingerprint(StaticInfo info) {
        return info.getFunctionName() + "/" + info.getFunctionVersion() + "/" + info.getConfigHash() + "/"
                + info.getPartitionCount() + "/" + new TreeMap<>(info.getSchemaFingerprints());
    }

    private static long progressOn(NodeLiveness node, int partition) {
        return node.progress(partition).map(PartitionProgress::getLastOffset).orElse(-1L);
    }
}
