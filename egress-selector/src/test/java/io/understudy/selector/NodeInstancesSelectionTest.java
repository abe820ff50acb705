package io.understudy.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.records.LeaderChange;
import io.understudy.records.LeaderChangeReason;
import io.understudy.records.SyncState;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Partition 0's selection when node a runs as two instances, a1 and a2, that share its partitions
 * (a1 holds partition 0 at first, a2 another one), and node b as one instance: the leader of a
 * partition is judged by the instance that holds it (issue 18).
 */
class NodeInstancesSelectionTest {

    @Test
    void theInstanceHoldingThePartitionFailsItOverInTheFailureTimeoutHoweverLivelyItsSiblingIs() {
        try (SelectorHarness h = new SelectorHarness()) {
            long silentSince = h.now();
            h.instanceHeartbeat("a", "a1", true, 0);
            h.instanceHeartbeat("a", "a2", false, 0);
            h.alive("b");
            h.advance(10);
            h.output("a", 0);
            h.output("b", 0);
            h.output("b", 1);
            while (h.changes.size() < 2 && h.now() - silentSince < 5_000) {
                h.advance(10);
                h.instanceHeartbeat("a", "a2", false, 0); // a's other instance goes on
                h.heartbeat("b", 1, SyncState.SYNCHRONIZED, 0);
            }
            long detection = h.now() - silentSince;
            assertTrue(detection > 300 && detection <= 340, "detected after " + detection + " ms");
            LeaderChange change = h.changes.get(1);
            assertEquals(LeaderChangeReason.LEADER_FAILED, change.getReason());
            assertEquals("b", change.getLeader());
            assertEquals("no heartbeat from a/a1 for 310 ms", change.getDetail());
            assertEquals(List.of(0L, 1L), h.egressOffsets());
        }
    }

    @Test
    void aSiblingsDeathDoesNotMoveThePartition() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.instanceHeartbeat("a", "a1", true, 0);
            h.instanceHeartbeat("a", "a2", false, 0);
            h.alive("b");
            h.advance(10);
            for (long o = 0; o < 100; o++) { // 2 s: a2 is silent, a1 holds partition 0 and goes on
                h.advance(20);
                h.instanceHeartbeat("a", "a1", true, o);
                h.heartbeat("b", o, SyncState.SYNCHRONIZED, 0);
                h.output("a", o);
                h.output("b", o);
            }
            assertEquals(1, h.changes.size(), "only the initial leader: " + h.changes);
            assertEquals(LongStream.range(0, 100).boxed().toList(), h.egressOffsets());
            assertTrue(h.emitted.stream().allMatch(e -> e.getNode().equals("a")));
        }
    }

    @Test
    void aPartitionMovingBetweenInstancesWithinTheStallTimeoutStaysWithItsNode() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.instanceHeartbeat("a", "a1", true, 0);
            h.instanceHeartbeat("a", "a2", false, 0);
            h.alive("b");
            h.advance(10);
            h.output("a", 0);
            for (int i = 0; i < 45; i++) { // 900 ms: a1 gave partition 0 up, a2 restores it; neither lists it
                h.advance(20);
                h.instanceHeartbeat("a", "a1", false, 0);
                h.instanceHeartbeat("a", "a2", false, 0);
                h.heartbeat("b", 0, SyncState.SYNCHRONIZED, 0);
            }
            h.instanceHeartbeat("a", "a2", true, 1);
            h.output("a", 1);
            for (int i = 0; i < 100; i++) { // 2 s more: a2 holds it, a1 stays alive without it
                h.advance(20);
                h.instanceHeartbeat("a", "a1", false, 0);
                h.instanceHeartbeat("a", "a2", true, 1);
                h.heartbeat("b", 1, SyncState.SYNCHRONIZED, 0);
            }
            assertEquals(1, h.changes.size(), "no failover: " + h.changes);
            assertEquals(List.of(0L, 1L), h.egressOffsets());
        }
    }

    @Test
    void aMoveBetweenInstancesThatOutlastsTheStallTimeoutFailsThePartitionOver() {
        try (SelectorHarness h = new SelectorHarness()) {
            long lastHeld = h.now();
            h.instanceHeartbeat("a", "a1", true, 0);
            h.instanceHeartbeat("a", "a2", false, 0);
            h.alive("b");
            h.advance(10);
            h.output("a", 0);
            h.output("b", 0);
            h.output("b", 1);
            while (h.changes.size() < 2 && h.now() - lastHeld < 5_000) {
                h.advance(20);
                h.instanceHeartbeat("a", "a1", false, 0);
                h.instanceHeartbeat("a", "a2", false, 0);
                h.heartbeat("b", 1, SyncState.SYNCHRONIZED, 0);
            }
            long detection = h.now() - lastHeld;
            assertTrue(detection > 1_000 && detection <= 1_030, "detected after " + detection + " ms");
            assertEquals(LeaderChangeReason.LEADER_FAILED, h.changes.get(1).getReason());
            assertEquals("no instance of a has held partition 0 for 1010 ms (moved between instances, restoring"
                    + " its state)", h.changes.get(1).getDetail());
            assertEquals("b", h.changes.get(1).getLeader());
            assertEquals(List.of(0L, 1L), h.egressOffsets());
        }
    }

    @Test
    void withoutAnEligibleBackupThePartitionReturnsToItsNodeOnceTheSiblingThatTookItOverHoldsIt() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.instanceHeartbeat("a", "a1", true, 0);
            h.instanceHeartbeat("a", "a2", false, 0);
            h.heartbeat("b", 0, SyncState.UNSYNCED, -1);
            h.advance(10);
            h.output("a", 0);
            for (int i = 0; i < 30; i++) { // a1 killed: only a2 and b are heard
                h.advance(20);
                h.instanceHeartbeat("a", "a2", false, 0);
                h.heartbeat("b", 0, SyncState.UNSYNCED, -1);
            }
            assertEquals(LeaderChangeReason.NO_ELIGIBLE_BACKUP, h.changes.get(1).getReason());
            assertTrue(h.changes.get(1).getDetail().startsWith("no heartbeat from a/a1 for "), h.changes.get(1).getDetail());
            // the group gives a1's partitions to a2, which restores the state from the changelog and holds it
            h.instanceHeartbeat("a", "a2", true, 0);
            h.advance(20);
            assertEquals(LeaderChangeReason.LEADER_RETURNED, h.changes.get(2).getReason());
            assertEquals(1, h.changes.get(2).getEpoch());
            h.output("a", 1);
            h.output("a", 2);
            assertEquals(List.of(0L, 1L, 2L), h.egressOffsets());
            // a2 hands the partition on (a third instance joined): a1's last heartbeat, which still lists it, does
            // not fail it at once; the move has the stall timeout like any other
            for (int i = 0; i < 25; i++) {
                h.advance(20);
                h.instanceHeartbeat("a", "a2", false, 2);
                h.heartbeat("b", 0, SyncState.UNSYNCED, -1);
            }
            assertEquals(3, h.changes.size(), "a 500 ms move is no failure: " + h.changes);
            h.instanceHeartbeat("a", "a3", true, 2);
            h.advance(20);
            h.output("a", 3);
            assertEquals(List.of(0L, 1L, 2L, 3L), h.egressOffsets());
            assertEquals(3, h.changes.size());
        }
    }

    @Test
    void anEligibleBackupIsJudgedByItsInstanceThatHoldsThePartition() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a");
            h.instanceHeartbeat("b", "b1", false, 0);
            h.instanceHeartbeat("b", "b2", true, 5);
            h.advance(10);
            h.output("a", 0);
            h.switchover("b");
            assertEquals(LeaderChangeReason.SWITCHOVER, h.changes.get(1).getReason(), h.changes.toString());
            h.switchover("a");
            // b2, which holds partition 0, falls silent while b1 goes on: b is not eligible for partition 0
            for (int i = 0; i < 20; i++) {
                h.advance(20);
                h.alive("a");
                h.instanceHeartbeat("b", "b1", false, 0);
            }
            h.switchover("b");
            LeaderChange refused = h.changes.get(h.changes.size() - 1);
            assertEquals(LeaderChangeReason.SWITCHOVER_REFUSED, refused.getReason());
            assertEquals("switchover to b refused: b/b2, which holds partition 0, silent for 410 ms", refused.getDetail());
        }
    }
}
