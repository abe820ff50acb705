package io.understudy.selector.internals.liveness;

import io.understudy.records.Heartbeat;
import io.understudy.records.PartitionProgress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the selector heard from one node: the latest heartbeat of each of its instances, and for
 * each partition the latest heartbeat that listed it (its claim). Immutable: {@link #with} returns
 * the next picture.
 *
 * <p>A node may run as several Kafka Streams instances that share its partitions, each heartbeating
 * for the partitions it holds. A partition is therefore judged by its {@link #holder holder}: the
 * instance that claimed it last, as long as that instance's latest heartbeat still lists it. A
 * killed instance keeps its claims (its last heartbeat lists them) while its heartbeats age, so its
 * partitions are seen to fail within the failure timeout however lively its siblings are; a
 * sibling never speaks for a partition it does not report. A partition that no instance lists
 * any more (handed over from one instance to another, restoring its state there) has no holder
 * until the new instance reports it; {@link #lastClaimAt} says since when.
 *
 * @param nodeId       the node
 * @param instances    per instance id, its latest heartbeat
 * @param claims       per partition, the latest heartbeat listing it
 * @param firstHeardAt broker time of the first heartbeat read from the node
 */
public record NodeLiveness(String nodeId, Map<String, InstanceLiveness> instances, Map<Integer, Claim> claims,
                           long firstHeardAt) {

    /**
     * The latest heartbeat that listed a partition.
     *
     * @param instanceId the instance that sent it
     * @param at         its broker timestamp
     */
    public record Claim(String instanceId, long at) {
    }

    public NodeLiveness {
        instances = Map.copyOf(instances);
        claims = Map.copyOf(claims);
    }

    /** The node as first heard from, in {@code heartbeat} read at broker time {@code brokerTime}. */
    public static NodeLiveness first(Heartbeat heartbeat, long brokerTime) {
        return new NodeLiveness(heartbeat.getNodeId(), Map.of(), Map.of(), brokerTime).with(heartbeat, brokerTime);
    }

    /**
     * The picture once one more heartbeat of the node was read. A heartbeat older than its
     * instance's latest (never, on one ordered partition) changes nothing.
     */
    public NodeLiveness with(Heartbeat heartbeat, long brokerTime) {
        String instance = InstanceLiveness.instanceOf(heartbeat);
        InstanceLiveness previous = instances.get(instance);
        if (previous != null && previous.arrivedAt() > brokerTime) {
            return this;
        }
        Map<String, InstanceLiveness> nextInstances = new HashMap<>(instances);
        nextInstances.put(instance, new InstanceLiveness(instance, brokerTime, heartbeat));
        Map<Integer, Claim> nextClaims = new HashMap<>(claims);
        for (PartitionProgress progress : heartbeat.getPartitions()) {
            Claim claim = nextClaims.get(progress.getPartition());
            if (claim == null || claim.at() <= brokerTime) {
                nextClaims.put(progress.getPartition(), new Claim(instance, brokerTime));
            }
        }
        return new NodeLiveness(nodeId, nextInstances, nextClaims, Math.min(firstHeardAt, brokerTime));
    }

    /** The broker time of the node's latest heartbeat, whichever instance sent it. */
    public long arrivedAt() {
        return latestInstance().arrivedAt();
    }

    /**
     * How old the node's latest heartbeat (of any instance) is at broker time {@code now}; 0 for a
     * heartbeat read after that time (settled time lags the latest heartbeat read by a step).
     */
    public long ageAt(long now) {
        return Math.max(0, now - arrivedAt());
    }

    /** The latest heartbeat of any instance: the node's static information and incarnation as last heard. */
    public Heartbeat heartbeat() {
        return latestInstance().heartbeat();
    }

    /**
     * The instance that holds the partition: the one that claimed it last, if its latest heartbeat
     * still lists it; empty while no instance does (never held, or between two instances).
     */
    public Optional<InstanceLiveness> holder(int partition) {
        Claim claim = claims.get(partition);
        if (claim == null) {
            return Optional.empty();
        }
        InstanceLiveness instance = instances.get(claim.instanceId());
        return instance != null && instance.holds(partition) ? Optional.of(instance) : Optional.empty();
    }

    /**
     * Broker time of the latest heartbeat that listed the partition, or of the node's first
     * heartbeat when none did: since when the node has not held it, when no instance does now.
     */
    public long lastClaimAt(int partition) {
        Claim claim = claims.get(partition);
        return claim == null ? firstHeardAt : Math.max(claim.at(), firstHeardAt);
    }

    /** The node's progress on one partition, as its holder reports it. */
    public Optional<PartitionProgress> progress(int partition) {
        return holder(partition).flatMap(instance -> instance.progress(partition));
    }

    /** The progress on every partition some instance holds, by partition. */
    public List<PartitionProgress> heldPartitions() {
        Map<Integer, PartitionProgress> held = new TreeMap<>();
        claims.keySet().forEach(partition -> progress(partition).ifPresent(p -> held.put(partition, p)));
        return new ArrayList<>(held.values());
    }

    /** Every instance heard from, by instance id. */
    public Collection<InstanceLiveness> instanceList() {
        return new TreeMap<>(instances).values();
    }

    private InstanceLiveness latestInstance() {
        InstanceLiveness latest = null;
        for (InstanceLiveness instance : instances.values()) {
            if (latest == null || instance.arrivedAt() > latest.arrivedAt()) {
                latest = instance;
            }
        }
        return latest;
    }
}
