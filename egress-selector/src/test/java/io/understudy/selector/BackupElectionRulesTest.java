package io.understudy.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.records.LeaderChange;
import io.understudy.records.LeaderChangeReason;
import io.understudy.records.SyncState;
import io.understudy.selector.internals.liveness.NodeLiveness;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@code BackupElection} that decide who may be chosen, each deciding a test of its
 * own: a backup whose static information differs from the partition's, a backup synchronized only
 * from after watermark + 1, and the tie-break between eligible backups of equal progress. In each
 * test the backup the rule excludes (or ranks second) is the one that would be chosen without it,
 * so removing the rule changes the leader the test reads.
 */
class BackupElectionRulesTest {

    /** The leader a goes silent while the given heartbeats keep coming, until a decision is taken. */
    private static LeaderChange failLeader(SelectorHarness h, Runnable heartbeats) {
        for (int i = 0; i < 20 && h.changes.size() < 2; i++) {
            h.advance(20);
            heartbeats.run();
        }
        assertEquals(2, h.changes.size(), h.changes.toString());
        return h.changes.get(1);
    }

    @Test
    void aBackupWhoseStaticInformationDiffersIsNeverChosenHoweverFarAhead() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a");
            h.heartbeat("b", 0, SyncState.SYNCHRONIZED, 0, "other-config");
            h.alive("c");
            for (long o = 0; o <= 3; o++) {
                h.output("a", o);
                h.output("b", o);
                h.output("c", o);
            }
            LeaderChange change = failLeader(h, () -> {
                h.heartbeat("b", 50, SyncState.SYNCHRONIZED, 0, "other-config"); // far ahead, same digests
                h.heartbeat("c", 3, SyncState.SYNCHRONIZED, 0);
            });
            assertEquals(LeaderChangeReason.LEADER_FAILED, change.getReason());
            assertEquals("c", change.getLeader(), "b runs another configuration: " + change);
        }
    }

    @Test
    void aBackupWhoseStaticInformationDiffersAloneLeavesNoEligibleBackup() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a");
            h.heartbeat("b", 0, SyncState.SYNCHRONIZED, 0, "other-config");
            h.output("a", 0);
            h.output("b", 0);
            LeaderChange alarm = failLeader(h, () -> h.heartbeat("b", 0, SyncState.SYNCHRONIZED, 0, "other-config"));
            assertEquals(LeaderChangeReason.NO_ELIGIBLE_BACKUP, alarm.getReason());
            assertEquals("a", alarm.getLeader());
            assertTrue(alarm.getDetail().endsWith("no eligible backup: {b=static information differs from the partition's}"),
                    alarm.getDetail());
            assertEquals(List.of(0L), h.egressOffsets());
        }
    }

    @Test
    void aBackupSynchronizedOnlyFromAfterWatermarkPlusOneIsNotChosen() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a", "c");
            h.heartbeat("b", 0, SyncState.SYNCHRONIZED, 5);
            for (long o = 0; o <= 3; o++) { // watermark 3: a backup must be synchronized from 4 or earlier
                h.output("a", o);
                h.output("c", o);
            }
            for (long o = 5; o <= 8; o++) {
                h.output("b", o, o, SyncState.SYNCHRONIZED, 5, 1); // synchronized from 5: offset 4 is not covered
            }
            LeaderChange change = failLeader(h, () -> {
                h.heartbeat("b", 20, SyncState.SYNCHRONIZED, 5);
                h.heartbeat("c", 3, SyncState.SYNCHRONIZED, 0);
            });
            assertEquals(LeaderChangeReason.LEADER_FAILED, change.getReason());
            assertEquals("c", change.getLeader(), "b is synchronized only from offset 5: " + change);
            assertEquals(List.of(0L, 1L, 2L, 3L), h.egressOffsets());
        }
    }

    @Test
    void aBackupSynchronizedFromExactlyWatermarkPlusOneIsChosen() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a", "c");
            h.heartbeat("b", 0, SyncState.SYNCHRONIZED, 4);
            for (long o = 0; o <= 3; o++) {
                h.output("a", o);
                h.output("c", o);
            }
            for (long o = 4; o <= 8; o++) {
                h.output("b", o, o, SyncState.SYNCHRONIZED, 4, 1);
            }
            LeaderChange change = failLeader(h, () -> {
                h.heartbeat("b", 8, SyncState.SYNCHRONIZED, 4);
                h.heartbeat("c", 3, SyncState.SYNCHRONIZED, 0);
            });
            assertEquals("b", change.getLeader(), "synchronized from watermark + 1, and the furthest: " + change);
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), h.egressOffsets());
        }
    }

    @Test
    void aBackupSynchronizedFromAfterWatermarkPlusOneAloneLeavesNoEligibleBackup() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a");
            h.heartbeat("b", 0, SyncState.SYNCHRONIZED, 5);
            for (long o = 0; o <= 3; o++) {
                h.output("a", o);
            }
            LeaderChange alarm = failLeader(h, () -> h.heartbeat("b", 20, SyncState.SYNCHRONIZED, 5));
            assertEquals(LeaderChangeReason.NO_ELIGIBLE_BACKUP, alarm.getReason());
            assertTrue(alarm.getDetail().endsWith("no eligible backup: {b=synchronized only from offset 5, after watermark 3}"),
                    alarm.getDetail());
        }
    }

    @Test
    void betweenEligibleBackupsOfEqualProgressTheSmallestNodeIdWins() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a", "p", "c");
            // the view lists p before c, so without the tie-break the first of equals (p) would win
            List<String> viewOrder = h.liveness.nodes().stream().map(NodeLiveness::nodeId).toList();
            assertTrue(viewOrder.indexOf("p") < viewOrder.indexOf("c"), "the view's order: " + viewOrder);
            for (long o = 0; o <= 2; o++) {
                h.output("a", o);
                h.output("p", o);
                h.output("c", o);
            }
            LeaderChange change = failLeader(h, () -> {
                h.heartbeat("p", 2, SyncState.SYNCHRONIZED, 0);
                h.heartbeat("c", 2, SyncState.SYNCHRONIZED, 0);
            });
            assertEquals("c", change.getLeader(), "equal progress: the smallest node id, reproducibly");
        }
    }

    @Test
    void moreProgressWinsOverTheSmallerNodeId() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a", "p", "c");
            for (long o = 0; o <= 2; o++) {
                h.output("a", o);
                h.output("p", o);
                h.output("c", o);
            }
            LeaderChange change = failLeader(h, () -> {
                h.heartbeat("p", 3, SyncState.SYNCHRONIZED, 0);
                h.heartbeat("c", 2, SyncState.SYNCHRONIZED, 0);
            });
            assertEquals("p", change.getLeader(), "progress first, the node id only between equals");
        }
    }
}
