package io.understudy.harness;

import io.understudy.records.LeaderChange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How many kills of a primary node the leadership log shows answered by a failover, counted from the
 * log itself after the run rather than from a deadline while it runs: a failover that came late on a
 * busy machine is still a failover, and one that never came is still missing, however long the run
 * waited for it.
 *
 * <p>A kill of node {@code n} at {@code t} counts when, on every partition, either the log already
 * named another leader as of {@code t} (a leader that stalled just before its kill was legally
 * replaced, and the kill found the partition moved), or a decision taken from {@code t} until the
 * next kill of a node names a leader other than {@code n}. Decisions are placed in time by their
 * {@code decidedAt}, the selector's wall clock, which on this machine is the clock the kills were
 * taken on.
 */
public final class FailoverCount {

    /**
     * One kill of a primary node.
     *
     * @param atMs the wall clock just before the kill
     * @param node the node killed
     */
    public record NodeKill(long atMs, String node) {
    }

    private FailoverCount() {
    }

    /**
     * @param log        every leadership decision of the run, in any order
     * @param kills      every kill of a primary node, in the order they came
     * @param partitions how many partitions the deployment has (0 .. partitions-1)
     * @return the kills after which every partition moved away from the killed node
     */
    public static long of(List<LeaderChange> log, List<NodeKill> kills, int partitions) {
        List<LeaderChange> byTime = new ArrayList<>(log);
        byTime.sort(Comparator.comparingLong(LeaderChange::getDecidedAt));
        long failovers = 0;
        for (int i = 0; i < kills.size(); i++) {
            long from = kills.get(i).atMs();
            long until = i + 1 < kills.size() ? kills.get(i + 1).atMs() : Long.MAX_VALUE;
            if (movedAway(byTime, kills.get(i).node(), from, until, partitions)) {
                failovers++;
            }
        }
        return failovers;
    }

    private static boolean movedAway(List<LeaderChange> byTime, String node, long from, long until, int partitions) {
        Map<Integer, String> leaderAtKill = new HashMap<>();
        Map<Integer, Boolean> moved = new HashMap<>();
        for (LeaderChange change : byTime) {
            if (change.getLeader() == null) {
                continue; // no eligible node: the partition waits, nobody leads it
            }
            if (change.getDecidedAt() < from) {
                leaderAtKill.put(change.getPartition(), change.getLeader());
            } else if (change.getDecidedAt() < until && !node.equals(change.getLeader())) {
                moved.put(change.getPartition(), true);
            }
        }
        for (int partition = 0; partition < partitions; partition++) {
            String leader = leaderAtKill.get(partition);
            boolean alreadyElsewhere = leader != null && !node.equals(leader);
            if (!alreadyElsewhere && !moved.getOrDefault(partition, false)) {
                return false;
            }
        }
        return true;
    }
}
