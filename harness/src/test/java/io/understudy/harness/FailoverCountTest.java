package io.understudy.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.understudy.harness.FailoverCount.NodeKill;
import io.understudy.records.LeaderChange;
import io.understudy.records.LeaderChangeReason;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Failovers counted from the leadership log, whenever they came, and only when every partition moved. */
class FailoverCountTest {

    private static LeaderChange change(int partition, int epoch, String leader, LeaderChangeReason reason, long at) {
        return LeaderChange.newBuilder().setPartition(partition).setEpoch(epoch).setLeader(leader).setReason(reason)
                .setWatermark(-1L).setDecidedAt(at).build();
    }

    private static final List<LeaderChange> INITIAL = List.of(
            change(0, 1, "a", LeaderChangeReason.INITIAL, 100),
            change(1, 1, "a", LeaderChangeReason.INITIAL, 100));

    private static List<LeaderChange> with(LeaderChange... more) {
        return java.util.stream.Stream.concat(INITIAL.stream(), java.util.stream.Stream.of(more)).toList();
    }

    @Test
    void aKillAfterWhichEveryPartitionMovedIsAFailover() {
        List<LeaderChange> log = with(change(0, 2, "b", LeaderChangeReason.LEADER_FAILED, 1_400),
                change(1, 2, "b", LeaderChangeReason.LEADER_FAILED, 1_400));
        assertEquals(1, FailoverCount.of(log, List.of(new NodeKill(1_000, "a")), 2));
    }

    @Test
    void aFailoverLongAfterTheKillStillCounts() {
        // 40 s after the kill: a deadline of 15 s while running would have called this no failover
        List<LeaderChange> log = with(change(0, 2, "b", LeaderChangeReason.LEADER_FAILED, 41_000),
                change(1, 2, "b", LeaderChangeReason.LEADER_FAILED, 41_000));
        assertEquals(1, FailoverCount.of(log, List.of(new NodeKill(1_000, "a")), 2));
    }

    @Test
    void oneStuckPartitionMeansNoFailover() {
        List<LeaderChange> log = with(change(0, 2, "b", LeaderChangeReason.LEADER_FAILED, 1_400));
        assertEquals(0, FailoverCount.of(log, List.of(new NodeKill(1_000, "a")), 2));
    }

    @Test
    void aPartitionWithNoEligibleBackupDidNotMove() {
        List<LeaderChange> log = with(change(0, 2, "b", LeaderChangeReason.LEADER_FAILED, 1_400),
                change(1, 2, null, LeaderChangeReason.NO_ELIGIBLE_BACKUP, 1_400));
        assertEquals(0, FailoverCount.of(log, List.of(new NodeKill(1_000, "a")), 2));
    }

    @Test
    void aLeaderReplacedForStallingJustBeforeItsKillCounts() {
        List<LeaderChange> log = with(change(0, 2, "b", LeaderChangeReason.LEADER_STALLED, 900),
                change(1, 2, "b", LeaderChangeReason.LEADER_FAILED, 1_300));
        assertEquals(1, FailoverCount.of(log, List.of(new NodeKill(1_000, "a")), 2));
    }

    @Test
    void aMoveBelongsToTheKillBeforeItNotToAnEarlierOne() {
        // a killed at 1 s and never replaced; restarted, it leads on; killed again at 10 s, then b takes over
        List<LeaderChange> log = with(change(0, 2, "b", LeaderChangeReason.LEADER_FAILED, 10_300),
                change(1, 2, "b", LeaderChangeReason.LEADER_FAILED, 10_300));
        assertEquals(1, FailoverCount.of(log, List.of(new NodeKill(1_000, "a"), new NodeKill(10_000, "a")), 2));
    }

    @Test
    void threeKillsInTurnThreeFailovers() {
        List<LeaderChange> log = with(
                change(0, 2, "b", LeaderChangeReason.LEADER_FAILED, 1_300), change(1, 2, "b", LeaderChangeReason.LEADER_FAILED, 1_300),
                change(0, 3, "a", LeaderChangeReason.LEADER_FAILED, 5_300), change(1, 3, "a", LeaderChangeReason.LEADER_FAILED, 5_400),
                change(0, 4, "b", LeaderChangeReason.LEADER_FAILED, 9_300), change(1, 4, "b", LeaderChangeReason.LEADER_FAILED, 9_300));
        assertEquals(3, FailoverCount.of(log,
                List.of(new NodeKill(1_000, "a"), new NodeKill(5_000, "b"), new NodeKill(9_000, "a")), 2));
        assertEquals(0, FailoverCount.of(INITIAL, List.of(), 2));
    }
}
