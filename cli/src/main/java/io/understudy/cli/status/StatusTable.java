package io.understudy.cli.status;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Prints a {@link ClusterStatus}: one row per partition (leader, epoch, watermark, each backup's
 * sync state and lag behind the leader, the last failover and its reason), then one per node.
 * Times are UTC.
 */
final class StatusTable {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private StatusTable() {
    }

    /**
     * @param staleMs a node whose latest heartbeat is older than this is shown as silent
     */
    static void print(ClusterStatus status, long staleMs, PrintWriter out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"partition", "leader", "epoch", "watermark", "backups (sync state, lag)", "last failover"});
        for (ClusterStatus.PartitionStatus partition : status.partitions()) {
            rows.add(new String[] {
                    Integer.toString(partition.partition()),
                    leader(partition, status.nodes(), staleMs),
                    partition.epoch() == 0 ? "-" : Integer.toString(partition.epoch()),
                    partition.watermark() < 0 ? "-" : Long.toString(partition.watermark()),
                    backups(partition, status.nodes(), staleMs),
                    partition.lastFailover().map(StatusTable::failover).orElse("none")});
        }
        print(rows, out);
        out.println();
        List<String[]> nodes = new ArrayList<>();
        nodes.add(new String[] {"node", "last heartbeat", "partitions (sync state @ last offset)"});
        for (ClusterStatus.NodeStatus node : status.nodes().values()) {
            List<String> parts = new ArrayList<>();
            // in partition order, whatever map the status was built with
            new java.util.TreeMap<>(node.progress()).forEach((p, progress) ->
                    parts.add("p" + p + " " + progress.syncState() + " @" + progress.lastOffset()));
            nodes.add(new String[] {node.node(), age(node.ageMs()) + (node.ageMs() > staleMs ? " (silent)" : ""),
                    parts.isEmpty() ? "none" : String.join(", ", parts)});
        }
        if (nodes.size() == 1) {
            out.println("no node heartbeat in the window");
        } else {
            print(nodes, out);
        }
        out.println();
        List<String[]> selectors = new ArrayList<>();
        selectors.add(new String[] {"selector", "last heartbeat", "role", "partitions"});
        for (ClusterStatus.SelectorStatus selector : status.selectors().values()) {
            boolean silent = selector.ageMs() > staleMs;
            List<Integer> partitions = selector.partitions(status.partitions().size());
            selectors.add(new String[] {selector.instance(), age(selector.ageMs()) + (silent ? " (silent)" : ""),
                    selector.owned().isEmpty() ? "standby" : "owner of shards " + selector.owned(),
                    partitions.isEmpty() ? "-" : partitions.toString()});
        }
        if (selectors.size() == 1) {
            out.println("no selector heartbeat in the window");
        } else {
            print(selectors, out);
        }
    }

    private static String leader(ClusterStatus.PartitionStatus partition, Map<String, ClusterStatus.NodeStatus> nodes,
                                 long staleMs) {
        if (partition.leader() == null) {
            return partition.waiting() ? "none (waiting: no eligible backup)" : "none yet";
        }
        if (partition.waiting()) {
            return partition.leader() + " (gone; waiting: no eligible backup)";
        }
        ClusterStatus.NodeStatus node = nodes.get(partition.leader());
        return node == null || node.ageMs() > staleMs ? partition.leader() + " (silent)" : partition.leader();
    }

    private static String backups(ClusterStatus.PartitionStatus partition, Map<String, ClusterStatus.NodeStatus> nodes,
                                  long staleMs) {
        ClusterStatus.NodeStatus leader = partition.leader() == null ? null : nodes.get(partition.leader());
        ClusterStatus.Progress leading = leader == null ? null : leader.progress().get(partition.partition());
        List<String> backups = new ArrayList<>();
        for (ClusterStatus.NodeStatus node : nodes.values()) {
            ClusterStatus.Progress progress = node.progress().get(partition.partition());
            if (node.node().equals(partition.leader()) || progress == null) {
                continue;
            }
            String lag = leading == null ? "lag ?" : "lag " + Math.max(0, leading.lastOffset() - progress.lastOffset());
            backups.add(node.node() + " " + progress.syncState() + " " + lag
                    + (node.ageMs() > staleMs ? " (silent " + age(node.ageMs()) + ")" : ""));
        }
        return backups.isEmpty() ? "none" : String.join("; ", backups);
    }

    private static String failover(ClusterStatus.Failover move) {
        return "epoch " + move.epoch() + " " + move.reason() + " " + move.from() + " -> " + move.to() + " at "
                + TIME.format(Instant.ofEpochMilli(move.decidedAt())) + (move.detail().isEmpty() ? "" : " (" + move.detail() + ")");
    }

    private static String age(long ms) {
        return ms < 1_000 ? ms + " ms ago" : String.format(java.util.Locale.ROOT, "%.1f s ago", ms / 1_000.0);
    }

    /** Left-aligned columns, two spaces apart, a rule under the header. */
    private static void print(List<String[]> rows, PrintWriter out) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length - 1; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder line = new StringBuilder();
            String[] row = rows.get(r);
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
            }
            out.println(line.toString().stripTrailing());
            if (r == 0) {
                StringBuilder rule = new StringBuilder();
                for (int i = 0; i < row.length; i++) {
                    rule.append("-".repeat(i == row.length - 1 ? row[i].length() : widths[i])).append(i == row.length - 1 ? "" : "  ");
                }
                out.println(rule);
            }
        }
    }
}
