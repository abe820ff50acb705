package io.understudy.cli.status;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code understudy status} found, at {@code readAt}.
 *
 * @param readAt     this machine's clock (ms) when the topics were read
 * @param partitions every ingress partition, in order
 * @param nodes      every node heard from in the heartbeat window, by id
 * @param selectors  every selector instance heard from in the heartbeat window, by id
 */
record ClusterStatus(long readAt, List<PartitionStatus> partitions, Map<String, NodeStatus> nodes,
                     Map<String, SelectorStatus> selectors) {

    /** Without selector instances (a status read before the selector group, or none heard). */
    ClusterStatus(long readAt, List<PartitionStatus> partitions, Map<String, NodeStatus> nodes) {
        this(readAt, partitions, nodes, Map.of());
    }

    /**
     * A selector instance's latest heartbeat.
     *
     * @param instance   its id
     * @param ageMs      age of its latest heartbeat (record timestamp against this machine's clock)
     * @param shardCount how many shards it divides the partitions into
     * @param owned      the shards it owns (empty: a standby)
     */
    record SelectorStatus(String instance, long ageMs, int shardCount, List<Integer> owned) {

        /** The ingress partitions of its shards, out of {@code partitions}. */
        List<Integer> partitions(int partitions) {
            return java.util.stream.IntStream.range(0, partitions).filter(p -> owned.contains(p % shardCount))
                    .boxed().toList();
        }
    }

    /**
     * One ingress partition.
     *
     * @param partition    the partition
     * @param leader       the leader named by the latest decision, or null before the first
     * @param epoch        its epoch (0 before the first decision)
     * @param waiting      true when the latest decision says no backup was eligible (egress waits)
     * @param watermark    ingress offset of the latest egress record, or -1 when egress is empty
     * @param lastFailover the latest move of leadership (failed, stalled, switchover), if any
     */
    record PartitionStatus(int partition, String leader, int epoch, boolean waiting, long watermark,
                           Optional<Failover> lastFailover) {
    }

    /** A move of leadership as the leadership topic recorded it. */
    record Failover(int epoch, String from, String to, String reason, String detail, long decidedAt) {
    }

    /**
     * A node's latest heartbeat.
     *
     * @param node        the node id
     * @param ageMs       age of its latest heartbeat (record timestamp against this machine's clock)
     * @param incarnation its process incarnation
     * @param progress    per partition: sync state and last processed offset
     */
    record NodeStatus(String node, long ageMs, String incarnation, Map<Integer, Progress> progress) {
    }

    /** A node's progress on one partition. */
    record Progress(String syncState, long lastOffset) {
    }
}
