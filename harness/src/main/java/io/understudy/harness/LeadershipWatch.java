package io.understudy.harness;

import io.understudy.records.LeaderChange;
import io.understudy.records.LeaderChangeReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the leadership topic has said so far: every decision, and who leads each partition now. */
public final class LeadershipWatch {

    private final List<LeaderChange> changes = new ArrayList<>();
    private final Map<Integer, String> leaders = new TreeMap<>();

    public synchronized void accept(LeaderChange change) {
        changes.add(change);
        if (change.getLeader() != null) {
            leaders.put(change.getPartition(), change.getLeader());
        }
        notifyAll();
    }

    public synchronized Map<Integer, String> leaders() {
        return new TreeMap<>(leaders);
    }

    public synchronized List<LeaderChange> changes() {
        return List.copyOf(changes);
    }

    /** Decisions (one per partition) that moved leadership because the leader failed or stalled. */
    public synchronized long failovers() {
        return moves(LeaderChangeReason.LEADER_FAILED) + moves(LeaderChangeReason.LEADER_STALLED);
    }

    /** Decisions (one per partition) taken for {@code reason}. */
    public synchronized long moves(LeaderChangeReason reason) {
        return changes.stream().filter(c -> c.getReason() == reason).count();
    }

    /** Waits until every one of {@code partitions} is led by a node other than {@code node}. */
    public synchronized boolean awaitLeaderOtherThan(String node, int partitions, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!ledByOthers(node, partitions)) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /** Waits until each of {@code partitions} is led by a node other than {@code node} (e.g. a dead instance's). */
    public synchronized boolean awaitLeaderOtherThanOn(String node, java.util.Collection<Integer> partitions, long timeoutMs)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (partitions.stream().anyMatch(p -> leaders.get(p) == null || node.equals(leaders.get(p)))) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /** Waits until every partition has a leader. */
    public synchronized boolean awaitLeaders(int partitions, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (leaders.size() < partitions) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    private boolean ledByOthers(String node, int partitions) {
        if (leaders.size() < partitions) {
            return false;
        }
        return leaders.values().stream().noneMatch(node::equals);
    }
}
