package io.understudy.selector.internals.group;

import io.understudy.records.SelectorHeartbeat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The selector instances as this one sees them, on the broker's clock: each instance's latest
 * heartbeat (which shards it owns) and its timestamp, read in the order of the selector heartbeats
 * topic's one partition. As for nodes (see {@link io.understudy.selector.internals.liveness.LivenessView}),
 * {@link #now()} is the timestamp of the latest heartbeat read, so a paused instance re-reads
 * before it judges anyone silent.
 */
public final class GroupView {

    /** An instance's latest heartbeat and its broker timestamp. */
    public record Member(String instanceId, long heardAt, SelectorHeartbeat heartbeat) {
        public boolean owns(int shard) {
            return heartbeat.getOwned().contains(shard);
        }
    }

    private final Map<String, Member> members = new TreeMap<>();
    private long now = Long.MIN_VALUE;
    private boolean caughtUp;

    public synchronized void record(SelectorHeartbeat heartbeat, long brokerTime) {
        Member previous = members.get(heartbeat.getInstanceId());
        if (previous == null || previous.heardAt() <= brokerTime) {
            members.put(heartbeat.getInstanceId(), new Member(heartbeat.getInstanceId(), brokerTime, heartbeat));
        }
        now = Math.max(now, brokerTime);
    }

    public synchronized void markCaughtUp() {
        caughtUp = true;
    }

    public synchronized boolean caughtUp() {
        return caughtUp;
    }

    /** Broker time: the timestamp of the latest selector heartbeat read. */
    public synchronized long now() {
        return now;
    }

    /** Whether the instance's latest heartbeat is no older than {@code timeoutMs} at {@link #now()}. */
    public synchronized boolean alive(String instanceId, long timeoutMs) {
        Member member = members.get(instanceId);
        return member != null && now - member.heardAt() <= timeoutMs;
    }

    /** The live instances, in id order. */
    public synchronized List<String> live(long timeoutMs) {
        return members.values().stream().filter(m -> now - m.heardAt() <= timeoutMs).map(Member::instanceId).toList();
    }

    /** The live instance other than {@code self} that announces owning the shard, if any. */
    public synchronized Optional<String> liveOwner(int shard, String self, long timeoutMs) {
        return members.values().stream()
                .filter(m -> !m.instanceId().equals(self) && now - m.heardAt() <= timeoutMs && m.owns(shard))
                .map(Member::instanceId).findFirst();
    }

    /** The instance that announced owning the shard most recently, alive or not (for status and logs). */
    public synchronized Optional<String> lastOwner(int shard) {
        return members.values().stream().filter(m -> m.owns(shard))
                .max(java.util.Comparator.comparingLong(Member::heardAt)).map(Member::instanceId);
    }

    /** Every instance heard from, in id order. */
    public synchronized List<Member> members() {
        return List.copyOf(members.values());
    }

    /** The shards each live instance announces, for status: instance to shards. */
    public synchronized Map<String, TreeSet<Integer>> ownership(long timeoutMs) {
        Map<String, TreeSet<Integer>> owned = new TreeMap<>();
        members.values().stream().filter(m -> now - m.heardAt() <= timeoutMs)
                .forEach(m -> owned.put(m.instanceId(), new TreeSet<>(m.heartbeat().getOwned())));
        return owned;
    }
}
