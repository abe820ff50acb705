package io.understudy.selector.internals.status;

import io.understudy.records.PartitionProgress;
import io.understudy.records.StaticInfo;
import io.understudy.selector.internals.leadership.Ineligibility;
import io.understudy.selector.internals.leadership.PartitionLeadership;
import io.understudy.selector.internals.liveness.LivenessView;
import io.understudy.selector.internals.liveness.NodeLiveness;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The body of {@code GET /api/status}, which the status page polls: the selector, every partition
 * it holds (leader, epoch, watermark, each node's sync state and lag), every node it hears from,
 * the decisions since it started (newest first) and egress records per second.
 */
public final class StatusReport {

    /** Seconds of egress rate in the report. */
    static final int RATE_SECONDS = 60;

    private StatusReport() {
    }

    /**
     * @param instance         the selector instance id
     * @param role             what it does now ("owner of shards [0]", "standby", ...)
     * @param group            every selector instance heard from: id, owned shards, heartbeat age, alive
     * @param failureTimeoutMs heartbeat silence that counts as failure (a node is "alive" below it)
     * @param now              wall clock, for egress idle times and rates
     */
    public static Map<String, Object> of(StatusBoard board, LivenessView liveness, String instance, String role,
                                         List<Map<String, Object>> group, long failureTimeoutMs, long now) {
        Map<String, Object> report = new LinkedHashMap<>();
        Map<String, Object> selector = new LinkedHashMap<>();
        selector.put("instance", instance);
        selector.put("role", role);
        selector.put("failureTimeoutMs", failureTimeoutMs);
        report.put("selector", selector);
        report.put("group", group);
        report.put("owners", board.owners());
        report.put("now", now);

        List<NodeLiveness> nodes = new ArrayList<>(liveness.nodes());
        nodes.sort(Comparator.comparing(NodeLiveness::nodeId));
        List<Map<String, Object>> partitions = new ArrayList<>();
        for (PartitionLeadership leadership : board.leaderships()) {
            partitions.add(partition(leadership, nodes, board.egressIdleMs(leadership.partition(), now)));
        }
        report.put("partitions", partitions);

        List<Map<String, Object>> nodeList = new ArrayList<>();
        for (NodeLiveness node : nodes) {
            Map<String, Object> entry = new LinkedHashMap<>();
            long age = node.ageAt(liveness.now()); // broker time: the heartbeats topic's own clock
            entry.put("node", node.nodeId());
            entry.put("alive", age < failureTimeoutMs);
            entry.put("heartbeatAgeMs", age);
            entry.put("incarnation", node.heartbeat().getIncarnation());
            StaticInfo info = node.heartbeat().getStaticInfo();
            entry.put("function", info.getFunctionName() + " v" + info.getFunctionVersion());
            List<String> states = new ArrayList<>();
            for (PartitionProgress progress : node.heldPartitions()) {
                states.add("p" + progress.getPartition() + " " + progress.getSyncState());
            }
            entry.put("partitions", String.join(", ", states));
            List<String> instances = new ArrayList<>();
            for (io.understudy.selector.internals.liveness.InstanceLiveness member : node.instanceList()) {
                instances.add(member.instanceId() + " " + member.ageAt(liveness.now()) + " ms, "
                        + member.heartbeat().getPartitions().size() + " partitions");
            }
            entry.put("instances", String.join("; ", instances));
            nodeList.add(entry);
        }
        report.put("nodes", nodeList);
        report.put("decisions", board.decisions());
        List<Map<String, Object>> rate = new ArrayList<>();
        for (long[] point : board.egressRate(now, RATE_SECONDS)) {
            rate.add(Map.of("second", point[0], "records", point[1]));
        }
        report.put("egressRate", rate);
        return report;
    }

    private static Map<String, Object> partition(PartitionLeadership leadership, List<NodeLiveness> nodes, long idleMs) {
        Map<String, Object> entry = new LinkedHashMap<>();
        int partition = leadership.partition();
        entry.put("partition", partition);
        entry.put("leader", leadership.leader());
        entry.put("epoch", leadership.epoch());
        entry.put("watermark", leadership.watermark());
        entry.put("alarm", leadership.alarm());
        entry.put("egressIdleMs", idleMs);
        Optional<Long> leaderOffset = nodes.stream().filter(n -> n.nodeId().equals(leadership.leader())).findFirst()
                .flatMap(n -> n.progress(partition)).map(PartitionProgress::getLastOffset);
        entry.put("leaderOffset", leaderOffset.orElse(null));
        List<Map<String, Object>> replicas = new ArrayList<>();
        for (NodeLiveness node : nodes) {
            Optional<PartitionProgress> progress = node.progress(partition);
            if (progress.isEmpty()) {
                continue;
            }
            Map<String, Object> replica = new LinkedHashMap<>();
            replica.put("node", node.nodeId());
            replica.put("leader", node.nodeId().equals(leadership.leader()));
            replica.put("syncState", progress.get().getSyncState().name());
            replica.put("syncedFrom", progress.get().getSyncedFrom());
            replica.put("lastOffset", progress.get().getLastOffset());
            replica.put("lag", leaderOffset.map(offset -> Math.max(0, offset - progress.get().getLastOffset())).orElse(null));
            Ineligibility why = leadership.ineligible().get(node.nodeId());
            replica.put("eligible", why == null);
            replica.put("ineligibleReason", why == null ? null : why.reason());
            replicas.add(replica);
        }
        entry.put("nodes", replicas);
        return entry;
    }
}
