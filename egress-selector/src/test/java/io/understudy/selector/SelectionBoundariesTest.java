package io.understudy.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.records.LeaderChange;
import io.understudy.records.LeaderChangeReason;
import io.understudy.records.NodeOutput;
import io.understudy.records.SelectorCommand;
import io.understudy.records.SelectorCommandKind;
import io.understudy.records.SelectorState;
import io.understudy.records.SyncState;
import io.understudy.selector.internals.leadership.BackupElection;
import io.understudy.selector.internals.leadership.SelectionPolicy;
import io.understudy.selector.internals.routing.PartitionSelection;
import io.understudy.selector.internals.routing.SelectionSink;
import io.understudy.selector.internals.status.StatusBoard;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The exact edges of the selection's rules, each on both sides: when a stall is declared, what a
 * resumed state starts a look-up from, what a held-back output says, which commands and outputs are
 * ignored, when the state must be written. The first mutation runs found each of these edges
 * movable by one without a test noticing.
 */
class SelectionBoundariesTest {

    // ---- stall ---------------------------------------------------------------------------------

    /**
     * The leader is stalled after exactly the stall timeout (1,000 ms) without reported progress,
     * while a backup reports the minimum lead (1 offset) more: not one millisecond earlier.
     */
    @Test
    void aStallIsDeclaredAtExactlyTheStallTimeoutWithExactlyTheMinimumLead() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a", "b");
            h.output("a", 0);
            h.output("b", 0);
            h.output("b", 1);
            h.advance(20); // the first check: a's reported progress (0) starts being watched now
            long watchedFrom = h.now();
            while (h.now() < watchedFrom + 900) {
                h.heartbeat("a", 0, SyncState.SYNCHRONIZED, 0);
                h.heartbeat("b", 1, SyncState.SYNCHRONIZED, 0);
                h.advance(100);
            }
            h.heartbeat("a", 0, SyncState.SYNCHRONIZED, 0);
            h.heartbeat("b", 1, SyncState.SYNCHRONIZED, 0);
            h.advance(99);
            assertEquals(1, h.changes.size(), "999 ms without progress: not yet stalled " + h.changes);
            h.advance(1);
            assertEquals(2, h.changes.size());
            LeaderChange change = h.changes.get(1);
            assertEquals(LeaderChangeReason.LEADER_STALLED, change.getReason());
            assertEquals("b", change.getLeader());
            assertEquals("a reported no progress past offset 0 for 1000 ms while b reports 1 offsets more", change.getDetail());
            assertEquals(List.of(0L, 1L), h.egressOffsets());
        }
    }

    @Test
    void aLeaderWhoseBackupReportsLessThanTheMinimumLeadIsNotStalled() {
        SelectionPolicy policy = new SelectionPolicy(java.util.Optional.of("a"), 300, 1_000, 3, 1_000_000);
        try (SelectorHarness h = new SelectorHarness(policy)) {
            h.alive("a", "b");
            h.output("a", 0);
            for (int i = 0; i < 40; i++) { // 2 s: a stands at 0, b reports 2 more (the minimum is 3)
                h.advance(50);
                h.heartbeat("a", 0, SyncState.SYNCHRONIZED, 0);
                h.heartbeat("b", 2, SyncState.SYNCHRONIZED, 0);
            }
            assertEquals(1, h.changes.size(), h.changes.toString());
            h.heartbeat("b", 3, SyncState.SYNCHRONIZED, 0);
            h.advance(50);
            assertEquals(LeaderChangeReason.LEADER_STALLED, h.changes.get(1).getReason());
            assertTrue(h.changes.get(1).getDetail().endsWith("while b reports 3 offsets more"), h.changes.get(1).getDetail());
        }
    }

    /** Progress reported again restarts the watch: a leader that moves on every 900 ms is never stalled. */
    @Test
    void aLeaderReportingTheSameOffsetAgainIsStillWatchedFromWhenItLastMoved() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a", "b");
            h.output("a", 0);
            h.advance(10);
            for (int i = 1; i <= 3; i++) { // a moves on at 900 ms intervals: never stalled
                for (int step = 0; step < 9; step++) {
                    h.heartbeat("a", i - 1, SyncState.SYNCHRONIZED, 0);
                    h.heartbeat("b", 100, SyncState.SYNCHRONIZED, 0);
                    h.advance(100);
                }
                h.heartbeat("a", i, SyncState.SYNCHRONIZED, 0);
                h.advance(0);
            }
            assertEquals(1, h.changes.size(), h.changes.toString());
            for (int step = 0; step < 10; step++) { // then a stands at 3 for 1,000 ms
                h.heartbeat("a", 3, SyncState.SYNCHRONIZED, 0);
                h.heartbeat("b", 100, SyncState.SYNCHRONIZED, 0);
                h.advance(100);
            }
            assertEquals(LeaderChangeReason.LEADER_STALLED, h.changes.get(1).getReason());
            assertEquals("a reported no progress past offset 3 for 1000 ms while b reports 97 offsets more",
                    h.changes.get(1).getDetail());
        }
    }

    // ---- what a held-back output says -----------------------------------------------------------

    @Test
    void aHeldBackLeaderOutputSaysWhatItClaimsAndFromWhichOffsetItWasNeeded() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a", "b");
            h.output("a", 0);
            h.output("a", 1);
            h.output("b", 0);
            h.output("b", 1);
            h.output("a", 2, 2, SyncState.SYNCHRONIZED, 3, 1);
            h.advance(20);
            assertEquals("leader not synchronized: a's output for offset 2 says SYNCHRONIZED from 3,"
                    + " not synchronized from at or before 2", h.changes.get(1).getDetail());
        }
    }

    @Test
    void aHeldBackOutputOfANodeNotSynchronizedSaysItsStateAlone() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a");
            h.output("a", 0);
            h.output("a", 1, 1, SyncState.RECEIVING, -1, 1);
            h.advance(20);
            assertEquals("leader not synchronized: a's output for offset 1 says RECEIVING, not synchronized from at"
                    + " or before 1; no eligible backup: {}", h.changes.get(1).getDetail());
        }
    }

    /**
     * A backup chosen on its heartbeats whose kept outputs do not say it is synchronized past the
     * watermark: the first such output is held back, nothing of it passes, and it is replaced.
     */
    @Test
    void aNewLeadersKeptOutputThatIsNotSynchronizedIsHeldBackAtTheTakeover() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a", "b");
            h.output("a", 0);
            h.output("a", 1);
            h.output("b", 2, 2, SyncState.RECEIVING, -1, 1); // kept: b was still receiving at 2
            h.output("b", 3);
            for (int i = 0; i < 20 && h.changes.size() < 2; i++) { // a dies; b's heartbeats say it is synchronized
                h.advance(20);
                h.heartbeat("b", 3, SyncState.SYNCHRONIZED, 0);
            }
            assertEquals("b", h.changes.get(1).getLeader());
            assertEquals(List.of(0L, 1L), h.egressOffsets(), "nothing of b's passes");
            h.advance(20);
            LeaderChange alarm = h.changes.get(2);
            assertEquals(LeaderChangeReason.NO_ELIGIBLE_BACKUP, alarm.getReason());
            assertEquals("leader not synchronized: b's output for offset 2 says RECEIVING, not synchronized from at"
                    + " or before 2; no eligible backup: {a=silent for 340 ms}", alarm.getDetail());
        }
    }

    /** An output that is not synchronized but names offset 0 as where it would be says so too. */
    @Test
    void aHeldBackOutputThatNamesOffsetZeroSaysFromZero() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a");
            h.output("a", 0);
            h.output("a", 1, 1, SyncState.REFUSED, 0, 1);
            h.advance(20);
            assertTrue(h.changes.get(1).getDetail().startsWith("leader not synchronized: a's output for offset 1 says REFUSED"
                    + " from 0, not synchronized from at or before 1"), h.changes.get(1).getDetail());
        }
    }

    // ---- commands and outputs that are ignored ---------------------------------------------------

    @Test
    void aSwitchoverToTheLeaderItselfIsRefusedAndSaysSo() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a", "b");
            h.output("a", 0);
            h.switchover("a");
            assertEquals(2, h.changes.size());
            LeaderChange refusal = h.changes.get(1);
            assertEquals(LeaderChangeReason.SWITCHOVER_REFUSED, refusal.getReason());
            assertEquals("a", refusal.getLeader());
            assertEquals("a", refusal.getPreviousLeader());
            assertEquals(1, refusal.getEpoch());
            assertEquals("switchover to a refused: a already leads partition 0", refusal.getDetail());
        }
    }

    @Test
    void aSwitchoverBeforeAnyLeaderIsRefusedWithoutADecisionAndItsPositionIsKept() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.switchover("b"); // nobody heard from: no leader to refuse it on the leadership topic
            assertEquals(List.of(), h.changes);
            assertNull(h.selection.leadership());
            assertEquals(1L, h.selection.commandsPosition());
            assertTrue(h.selection.dirty(), "the command's position is to be committed");
        }
    }

    @Test
    void aCommandForAnotherPartitionIsIgnoredButItsPositionIsKept() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a", "b");
            h.output("a", 0);
            h.output("b", 0);
            h.selection.snapshot("s");
            h.selection.onCommand(new SelectorCommand(SelectorCommandKind.SWITCHOVER, 1, "b", "test", h.now(), "r1"), 41,
                    h.now());
            assertEquals(1, h.changes.size(), h.changes.toString());
            assertEquals("a", h.selection.leadership().leader());
            assertEquals(42L, h.selection.commandsPosition());
            assertTrue(h.selection.dirty());
            assertEquals(42L, h.selection.snapshot("s").getCommandsPosition());
        }
    }

    @Test
    void anOutputNamingAnotherIngressPartitionIsIgnoredAndReadPast() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a", "b");
            h.output("a", 0);
            NodeOutput stray = NodeOutput.newBuilder().setNodeId("a").setIngressPartition(1).setIngressOffset(1)
                    .setIngressTimestamp(1).setFlowId("f").setEmissions(List.of()).setDropReason(null)
                    .setSyncState(SyncState.SYNCHRONIZED).setSyncedFrom(0).setStateDigest(1).build();
            h.selection.onOutput(stray, 7, h.now());
            assertEquals(List.of(0L), h.egressOffsets());
            assertEquals(0L, h.selection.leadership().watermark());
            assertEquals(8L, h.selection.resumePositions().get("a"), "read past");
            assertEquals(1.0, h.counted("understudy.selector.records.in", "node", "a"), "not counted as an output of partition 0");
        }
    }

    /** The selection answers for the partition it was made for (the shard worker writes its state there). */
    @Test
    void aSelectionAnswersForItsOwnPartition() {
        SelectionPolicy policy = SelectorHarness.POLICY;
        SelectionSink nowhere = new SelectionSink() {
            @Override
            public void egress(io.understudy.records.EgressRecord record) {
            }

            @Override
            public void leaderChange(LeaderChange change) {
            }

            @Override
            public void resync(io.understudy.records.SyncMessage order) {
            }

            @Override
            public void deadLetter(NodeOutput verdict) {
            }
        };
        PartitionSelection selection = new PartitionSelection(3, null, policy,
                new BackupElection(policy, new io.understudy.selector.internals.liveness.LivenessView()),
                new StatusBoard(new SimpleMeterRegistry()), nowhere, () -> 0L);
        assertEquals(3, selection.partition());
        assertNull(selection.snapshot("s"), "nothing to resume before a leader was chosen");
    }

    // ---- when the state must be written --------------------------------------------------------------

    @Test
    void theStateIsDirtyAfterEachDecisionOrEmissionAndCleanAfterASnapshotOrAKeptOutput() {
        try (SelectorHarness h = new SelectorHarness()) {
            assertFalse(h.selection.dirty());
            h.alive("a", "b");
            h.output("b", 0); // a is chosen (initial primary): a decision; b's output is kept
            assertTrue(h.selection.dirty());
            assertEquals("a", h.selection.snapshot("s").getLeader());
            assertFalse(h.selection.dirty());
            h.output("b", 1); // kept: nothing to commit
            assertFalse(h.selection.dirty());
            h.output("a", 0); // emitted: the watermark moved
            assertTrue(h.selection.dirty());
            h.selection.snapshot("s");
            h.advance(20); // a check that changes nothing
            assertFalse(h.selection.dirty());
        }
    }

    // ---- what a resumed state starts from ------------------------------------------------------------

    private static SelectorState state(long watermark, long epochStart, long digestsFrom, long digestsPosition,
                                       String fingerprint) {
        Map<String, Long> positions = new TreeMap<>(Map.of("a", 10L, "b", 3L));
        return SelectorState.newBuilder().setPartition(0).setLeader("a").setEpoch(2).setWatermark(watermark)
                .setStaticFingerprint(fingerprint).setAlarm(false).setIneligible(List.of())
                .setResumePositions(new java.util.LinkedHashMap<>(positions)).setCommandsPosition(4).setWrittenBy("s1")
                .setEpochStart(epochStart).setDigestsFrom(digestsFrom).setDigestsPosition(digestsPosition).build();
    }

    @Test
    void aResumedSelectionReadsOnFromTheStatesPositionsAndCommandsPosition() {
        try (SelectorHarness h = new SelectorHarness(SelectorHarness.POLICY, state(9, 0, -1, -1, "x"))) {
            assertEquals(Map.of("a", 10L, "b", 3L), h.selection.resumePositions());
            assertEquals(4L, h.selection.commandsPosition());
            assertEquals(9L, h.selection.leadership().watermark());
            assertEquals(2, h.selection.leadership().epoch());
            assertFalse(h.selection.dirty());
            assertNull(h.selection.digestLookup());
        }
    }

    @Test
    void aLookUpFromTheStateIncludesItsEdgesTheEpochStartAndTheWatermark() {
        try (SelectorHarness h = new SelectorHarness(SelectorHarness.POLICY, state(9, 0, 0, 0, "x"))) {
            assertEquals(new PartitionSelection.DigestLookup("a", 0, Long.MAX_VALUE, 9, 0), h.selection.digestLookup());
        }
        try (SelectorHarness h = new SelectorHarness(SelectorHarness.POLICY, state(9, 5, 5, 2, "x"))) {
            assertEquals(new PartitionSelection.DigestLookup("a", 5, Long.MAX_VALUE, 9, 2), h.selection.digestLookup());
        }
        try (SelectorHarness h = new SelectorHarness(SelectorHarness.POLICY, state(9, 5, 9, 6, "x"))) {
            assertEquals(new PartitionSelection.DigestLookup("a", 9, Long.MAX_VALUE, 9, 6), h.selection.digestLookup());
        }
        try (SelectorHarness h = new SelectorHarness(SelectorHarness.POLICY, state(9, 5, 4, 2, "x"))) {
            assertNull(h.selection.digestLookup(), "before the leader's epoch: another leader emitted it");
        }
        try (SelectorHarness h = new SelectorHarness(SelectorHarness.POLICY, state(9, 5, 10, 6, "x"))) {
            assertNull(h.selection.digestLookup(), "after the watermark: nothing emitted there");
        }
    }

    /** A look-up the state named, not read yet when the partition moves on again, is handed on as it is (from topic offset 0 too). */
    @Test
    void aLookUpFromTheStateIsHandedOnAsItIsEvenFromTopicOffsetZero() {
        try (SelectorHarness h = new SelectorHarness(SelectorHarness.POLICY, state(9, 0, 0, 0, "x"))) {
            SelectorState next = h.selection.snapshot("s2");
            assertEquals(0L, next.getDigestsFrom());
            assertEquals(0L, next.getDigestsPosition());
        }
    }

    /** A state with no static fingerprint yet (its leader was never heard) takes the leader's once it is heard. */
    @Test
    void aResumedPartitionWithoutStaticFingerprintTakesItsLeadersAtTheFirstCheck() {
        try (SelectorHarness h = new SelectorHarness(SelectorHarness.POLICY, state(9, 0, -1, -1, ""))) {
            h.advance(20);
            assertEquals("", h.selection.leadership().staticFingerprint(), "a not heard yet");
            h.alive("a");
            h.advance(20);
            assertEquals(BackupElection.fingerprint(new io.understudy.records.StaticInfo("passthrough", "1", "cfg", 1,
                    Map.of())), h.selection.leadership().staticFingerprint());
            assertEquals("passthrough/1/cfg/1/{}", h.selection.leadership().staticFingerprint());
            assertEquals(h.selection.leadership(), h.board.leaderships().get(0));
        }
    }

    /** ... and when that leader is dead, the fingerprint of the backup that takes over becomes the partition's. */
    @Test
    void aResumedPartitionWithoutStaticFingerprintTakesTheNewLeadersAtAFailover() {
        try (SelectorHarness h = new SelectorHarness(SelectorHarness.POLICY, state(9, 0, -1, -1, ""))) {
            h.heartbeat("b", 9, SyncState.SYNCHRONIZED, 0, "cfg-b");
            h.advance(20);
            assertEquals(LeaderChangeReason.LEADER_FAILED, h.changes.get(0).getReason());
            assertEquals("b", h.selection.leadership().leader());
            assertEquals("passthrough/1/cfg-b/1/{}", h.selection.leadership().staticFingerprint());
        }
    }

    // ---- where a new owner re-reads ---------------------------------------------------------------

    @Test
    void aBackupsOutputKeptAtTopicOffsetZeroIsWhereANewOwnerReReadsIt() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a", "b");
            h.output("a", 0);
            h.output("b", 1); // b's first output, topic offset 0: kept
            assertEquals(0L, h.selection.resumePositions().get("b"));
            assertEquals(0L, h.takeOver().getResumePositions().get("b"));
        }
    }

    @Test
    void aBackupsOutputsPendingALookUpAreWhereANewOwnerReReadsIt() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a", "b");
            for (long o = 0; o <= 9; o++) {
                h.output("a", o);
            }
            h.takeOver();
            h.alive("a", "b");
            for (long o = 3; o <= 6; o++) {
                h.output("b", o); // b's topic offsets 0..3, pending the look-up
            }
            assertEquals(0L, h.selection.resumePositions().get("b"));
            SelectorState state = h.takeOver();
            assertEquals(0L, state.getResumePositions().get("b"));
            assertEquals(-1L, state.getDigestsFrom(), "the look-up by timestamp is asked again by b's outputs");
            h.alive("a", "b");
            assertEquals(4, h.reread("b", 0));
            assertEquals(new PartitionSelection.DigestLookup("a", 3, 3, 9, -1), h.selection.digestLookup());
            h.lookUp();
            assertEquals(4.0, h.comparisons("equal"));
            assertEquals(List.of(), h.resyncOrders);
        }
    }
}
