package io.understudy.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.records.EgressRecord;
import io.understudy.records.LeaderChange;
import io.understudy.records.LeaderChangeReason;
import io.understudy.records.Resync;
import io.understudy.records.SelectorState;
import io.understudy.records.SyncMessage;
import io.understudy.records.SyncState;
import io.understudy.selector.internals.leadership.SelectionPolicy;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The selector's decisions, driven record by record (partition 0), on a broker clock the test moves. */
class PartitionSelectionTest {

    @Test
    void forwardsOnlyTheLeadersOutputsWithLineage() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a", "b");
            for (long o = 0; o < 5; o++) {
                h.output("b", o);
                h.output("a", o);
            }
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L), h.egressOffsets());
            assertTrue(h.emitted.stream().allMatch(e -> e.getNode().equals("a") && e.getLeaderEpoch() == 1));
            EgressRecord first = h.emitted.get(0);
            assertEquals(0, first.getIngressPartition());
            assertEquals(0, first.getOutputIndex());
            assertEquals(1, first.getOutputCount());
            assertEquals(1, h.changes.size());
            assertEquals(LeaderChangeReason.INITIAL, h.changes.get(0).getReason());
            assertEquals("a", h.changes.get(0).getLeader());
        }
    }

    @Test
    void poisonVerdictsOfTheLeaderGoToTheDeadLetterTopicOnceAndEgressGoesOn() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a", "b");
            for (String node : List.of("b", "a")) {
                h.output(node, 0);
                h.drop(node, 1, "undecodable: wrong magic byte 0x6e at byte 0");
                h.drop(node, 2, "replayed packet"); // an ordinary verdict of the function: no dead letter
                h.drop(node, 3, "function error: IllegalStateException: boom");
                h.output(node, 4);
            }
            h.drop("b", 5, "undecodable: truncated Avro body"); // a dies before it gets there
            assertEquals(List.of(0L, 4L), h.egressOffsets());
            assertEquals(List.of(1L, 3L), h.deadLetters.stream().map(o -> o.getIngressOffset()).toList());
            assertTrue(h.deadLetters.stream().allMatch(o -> o.getNodeId().equals("a")), "the leader's verdicts only");
            // a dies: b's kept outputs from the watermark on are emitted, its poison verdict at 5 once
            h.onlyHeartbeating("b", 5, 0);
            assertEquals(List.of(1L, 3L, 5L), h.deadLetters.stream().map(o -> o.getIngressOffset()).toList());
            assertEquals("b", h.deadLetters.get(2).getNodeId());
            assertEquals("undecodable: truncated Avro body", h.deadLetters.get(2).getDropReason());
        }
    }

    @Test
    void leaderThatDiesIsReplacedAtExactlyTheNextRecord() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a", "b");
            for (long o = 0; o < 10; o++) {
                h.output("b", o);
                if (o < 6) {
                    h.output("a", o);
                }
            }
            assertEquals(LongStream.range(0, 6).boxed().toList(), h.egressOffsets());
            // a goes silent; b keeps sending heartbeats
            h.onlyHeartbeating("b", 9, 0);
            assertEquals(LongStream.range(0, 10).boxed().toList(), h.egressOffsets());
            LeaderChange change = h.changes.get(1);
            assertEquals(LeaderChangeReason.LEADER_FAILED, change.getReason());
            assertEquals("b", change.getLeader());
            assertEquals("a", change.getPreviousLeader());
            assertEquals(2, change.getEpoch());
            assertEquals(5, change.getWatermark());
            assertTrue(h.emitted.subList(6, 10).stream().allMatch(e -> e.getNode().equals("b") && e.getLeaderEpoch() == 2));
            // b continues live; the old leader returns and is ignored as a backup
            h.output("b", 10);
            h.alive("a");
            h.output("a", 6);
            h.output("a", 11);
            h.output("b", 11);
            assertEquals(LongStream.range(0, 12).boxed().toList(), h.egressOffsets());
            assertEquals(2, h.changes.size());
        }
    }

    @Test
    void failoverTakesNoLongerThanTheTimeoutAndAFewChecks() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a", "b");
            h.output("a", 0);
            h.output("b", 0);
            h.output("b", 1);
            long silentSince = h.now();
            while (h.changes.size() < 2) {
                h.advance(10);
                h.heartbeat("b", 1, SyncState.SYNCHRONIZED, 0);
            }
            long detection = h.now() - silentSince;
            assertTrue(detection > 300 && detection <= 340, "detected after " + detection + " ms");
            assertEquals(List.of(0L, 1L), h.egressOffsets());
        }
    }

    @Test
    void leaderAliveButStalledIsReplaced() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a", "b");
            h.output("a", 0);
            h.output("b", 0);
            h.output("b", 1);
            h.output("b", 2);
            for (int i = 0; i < 60; i++) { // 1.2 s of heartbeats: a reports no progress past 0, b reports 2
                h.advance(20);
                h.heartbeat("a", 0, SyncState.SYNCHRONIZED, 0);
                h.heartbeat("b", 2, SyncState.SYNCHRONIZED, 0);
            }
            assertEquals(2, h.changes.size());
            assertEquals(LeaderChangeReason.LEADER_STALLED, h.changes.get(1).getReason());
            assertEquals("b", h.changes.get(1).getLeader());
            assertEquals(List.of(0L, 1L, 2L), h.egressOffsets());
        }
    }

    @Test
    void aSelectorThatLagsBehindTheLeadersOutputsNeverMovesLeadership() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a", "b");
            h.output("a", 0);
            for (long o = 0; o < 200; o++) {
                h.output("b", o); // b's outputs reach the selector, a's are late (the selector lags on a's topic)
            }
            for (int i = 0; i < 150; i++) { // 3 s: both nodes report the same steady progress
                h.advance(20);
                h.heartbeat("a", 1 + i, SyncState.SYNCHRONIZED, 0);
                h.heartbeat("b", 1 + i, SyncState.SYNCHRONIZED, 0);
            }
            assertEquals(1, h.changes.size(), "no stall move while the leader progresses: " + h.changes);
            assertEquals(List.of(0L), h.egressOffsets());
        }
    }

    @Test
    void aLeaderIsStalledOnlyWhileItsReportedProgressStandsStill() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a", "b");
            h.output("a", 0);
            for (int i = 0; i < 100; i++) { // 2 s: a creeps forward every 0.8 s, b is far ahead
                h.advance(20);
                h.heartbeat("a", i / 40, SyncState.SYNCHRONIZED, 0);
                h.heartbeat("b", 500, SyncState.SYNCHRONIZED, 0);
            }
            assertEquals(1, h.changes.size(), "a moved within every stall timeout: " + h.changes);
            for (int i = 0; i < 60; i++) { // 1.2 s without progress from a
                h.advance(20);
                h.heartbeat("a", 2, SyncState.SYNCHRONIZED, 0);
                h.heartbeat("b", 500, SyncState.SYNCHRONIZED, 0);
            }
            assertEquals(LeaderChangeReason.LEADER_STALLED, h.changes.get(1).getReason());
        }
    }

    @Test
    void noEligibleBackupWaitsThenTakesTheOldLeaderBack() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a");
            h.heartbeat("b", 3, SyncState.UNSYNCED, -1);
            h.output("a", 0);
            h.output("b", 1, 1, SyncState.UNSYNCED, -1, 1);
            for (int i = 0; i < 30; i++) {
                h.advance(20);
                h.heartbeat("b", 3, SyncState.UNSYNCED, -1);
            }
            assertEquals(2, h.changes.size());
            LeaderChange alarm = h.changes.get(1);
            assertEquals(LeaderChangeReason.NO_ELIGIBLE_BACKUP, alarm.getReason());
            assertEquals("a", alarm.getLeader());
            assertEquals(1, alarm.getEpoch());
            assertTrue(alarm.getDetail().contains("UNSYNCED"), alarm.getDetail());
            assertEquals(List.of(0L), h.egressOffsets(), "never guesses");
            // a returns and goes on where it was
            h.alive("a");
            h.advance(20);
            assertEquals(LeaderChangeReason.LEADER_RETURNED, h.changes.get(2).getReason());
            assertEquals(1, h.changes.get(2).getEpoch());
            h.output("a", 1);
            h.output("a", 2);
            assertEquals(List.of(0L, 1L, 2L), h.egressOffsets());
        }
    }

    @Test
    void theInitialPrimaryLeadsOnlyOnceHeardFromAndItsOutputsWaitUntilThen() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.output("a", 0);
            h.output("a", 1);
            h.advance(20);
            assertEquals(0, h.changes.size(), "no decision about a node never heard from: " + h.changes);
            assertEquals(List.of(), h.egressOffsets());
            h.alive("a");
            h.advance(20);
            assertEquals(LeaderChangeReason.INITIAL, h.changes.get(0).getReason());
            assertEquals(List.of(0L, 1L), h.egressOffsets(), "the kept outputs of the initial primary, at once");
        }
    }

    @Test
    void aLeaderNotHeardFromSinceTheStartIsFailedAtTheFirstCheckNotAfterAGrace() {
        SelectorState state;
        try (SelectorHarness before = new SelectorHarness()) {
            before.alive("a", "b");
            before.output("a", 0);
            before.output("b", 0);
            state = before.selection.snapshot("s1");
        }
        // a restarted selector whose listener caught up: b is heard, a died meanwhile and is not
        try (SelectorHarness h = new SelectorHarness(SelectorHarness.POLICY, state)) {
            h.alive("b");
            h.output("b", 1); // b is re-read from after its output 0, which the previous owner compared
            h.advance(20);
            assertEquals(LeaderChangeReason.LEADER_FAILED, h.changes.get(0).getReason(), h.changes.toString());
            assertEquals("b", h.changes.get(0).getLeader());
            assertEquals(2, h.changes.get(0).getEpoch());
            assertEquals(List.of(1L), h.egressOffsets(), "continues after the watermark the state carried");
        }
    }

    @Test
    void theStateANewOwnerResumesFromCarriesLeaderEpochWatermarkIneligibilityAndWhereToReRead() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a", "b", "c");
            h.output("a", 0);
            h.output("a", 1);
            h.output("b", 0, 999, SyncState.SYNCHRONIZED, 0, 1); // b diverged at 0
            h.output("c", 0);
            h.output("c", 1);
            h.output("c", 2); // kept: c's output topic offset 2
            h.output("c", 3);
            h.switchover("c");
            h.output("a", 2); // a is a backup now; its output 2 is at or below the watermark (3)
            SelectorState state = h.takeOver();
            assertEquals("c", state.getLeader());
            assertEquals(2, state.getEpoch());
            assertEquals(3, state.getWatermark());
            assertEquals(List.of("b"), state.getIneligible().stream().map(n -> n.getNode()).toList());
            assertEquals(3L, state.getResumePositions().get("a"), "a's next unread output");
            assertEquals(4L, state.getResumePositions().get("c"), "c's next unread output");
            assertEquals(3L, state.getDigestsPosition(),
                    "the leader's output for offset 3, which a's output at 3 must still be compared with");
            assertEquals(3L, state.getDigestsFrom());
            assertEquals(2L, state.getEpochStart(), "c's outputs were emitted from offset 2 on");
            assertEquals(1L, state.getCommandsPosition());
            // the new owner: b stays ineligible, c leads on, a's outputs past the watermark are kept again when re-read
            h.alive("a", "b", "c");
            h.output("c", 4);
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L), h.egressOffsets());
            assertEquals(2, h.emitted.get(4).getLeaderEpoch());
            h.switchover("b");
            assertEquals(LeaderChangeReason.SWITCHOVER_REFUSED, h.changes.get(h.changes.size() - 1).getReason());
        }
    }

    @Test
    void theResumePositionOfABackupIsItsOldestKeptOutput() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a", "b");
            h.output("a", 0);
            h.output("b", 0); // topic offset 0, at the watermark: not kept
            h.output("b", 1); // topic offset 1, kept
            h.output("b", 2);
            assertEquals(1L, h.selection.resumePositions().get("b"));
            assertEquals(1L, h.selection.resumePositions().get("a"));
            h.output("a", 1);
            assertEquals(2L, h.selection.resumePositions().get("b"));
        }
    }

    @Test
    void offsetsWithGapsAreFollowedAsTheyCome() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a", "b");
            long[] offsets = {0, 1, 3, 4, 7, 8, 12};
            for (long o : offsets) {
                h.output("b", o);
            }
            for (int i = 0; i < 4; i++) {
                h.output("a", offsets[i]);
            }
            for (int i = 0; i < 20; i++) {
                h.advance(20);
                h.alive("b");
            }
            assertEquals(List.of(0L, 1L, 3L, 4L, 7L, 8L, 12L), h.egressOffsets());
            assertEquals(4, h.changes.get(1).getWatermark());
        }
    }

    @Test
    void switchoverMovesLeadershipAtTheWatermarkWithoutDelay() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a", "b");
            for (long o = 0; o < 4; o++) {
                h.output("a", o);
            }
            h.output("b", 0);
            h.output("b", 1);
            h.switchover("b");
            assertEquals(2, h.changes.size());
            LeaderChange change = h.changes.get(1);
            assertEquals(LeaderChangeReason.SWITCHOVER, change.getReason());
            assertEquals(3, change.getWatermark());
            // b lags: its outputs up to the watermark are not emitted again; egress waits for 4
            h.output("b", 2);
            h.output("b", 3);
            h.output("a", 4);
            assertEquals(List.of(0L, 1L, 2L, 3L), h.egressOffsets());
            h.output("b", 4);
            h.output("b", 5);
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), h.egressOffsets());
            assertEquals("b", h.emitted.get(5).getNode());
            assertEquals(2, h.emitted.get(5).getLeaderEpoch());
        }
    }

    @Test
    void switchoverToAnIneligibleNodeIsRefused() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a");
            h.heartbeat("b", 0, SyncState.RECEIVING, -1);
            h.output("a", 0);
            h.switchover("b");
            assertEquals(2, h.changes.size());
            LeaderChange refusal = h.changes.get(1);
            assertEquals(LeaderChangeReason.SWITCHOVER_REFUSED, refusal.getReason());
            assertEquals("a", refusal.getLeader());
            assertEquals(1, refusal.getEpoch());
            assertTrue(refusal.getDetail().contains("RECEIVING"), refusal.getDetail());
            assertTrue(refusal.getRequestId().startsWith("req-"));
            h.output("a", 1);
            assertEquals(List.of(0L, 1L), h.egressOffsets());
        }
    }

    @Test
    void backupWhoseDigestDiffersIsNeverChosen() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a", "b", "c");
            h.output("a", 0);
            h.output("b", 0, 999, SyncState.SYNCHRONIZED, 0, 1); // b differs at offset 0
            h.output("c", 0);
            h.output("b", 1);
            h.output("c", 1);
            for (int i = 0; i < 20; i++) { // a dies; b is further ahead but diverged
                h.advance(20);
                h.heartbeat("b", 50, SyncState.SYNCHRONIZED, 0);
                h.heartbeat("c", 1, SyncState.SYNCHRONIZED, 0);
            }
            assertEquals("c", h.changes.get(1).getLeader());
            assertEquals(List.of(0L, 1L), h.egressOffsets());
            assertTrue(h.emitted.get(1).getNode().equals("c"));
        }
    }

    @Test
    void backupDigestMismatchAfterTheWatermarkIsCaughtToo() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a", "b");
            h.output("a", 0);
            h.output("a", 1);
            h.output("b", 0);
            h.output("b", 1, 12345, SyncState.SYNCHRONIZED, 0, 1); // late and different
            h.onlyHeartbeating("b", 1, 0);
            assertEquals(LeaderChangeReason.NO_ELIGIBLE_BACKUP, h.changes.get(1).getReason());
            assertTrue(h.changes.get(1).getDetail().contains("digest mismatch"), h.changes.get(1).getDetail());
        }
    }

    @Test
    void aDivergedBackupIsOrderedToResyncAndItsOutputsAreKeptAgainOnceItIsResynchronized() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a", "b");
            for (long o = 0; o <= 5; o++) {
                h.output("a", o);
            }
            h.output("b", 0);
            h.output("b", 1);
            h.output("b", 2, 2, SyncState.SYNCHRONIZED, 0, 1);
            assertEquals(List.of(), h.resyncOrders);
            h.output("b", 3, 999, SyncState.SYNCHRONIZED, 0, 1); // b's state differs at offset 3
            assertEquals(1, h.resyncOrders.size());
            SyncMessage order = h.resyncOrders.get(0);
            assertEquals(0, order.getPartition());
            assertEquals("egress-selector", order.getSender());
            assertEquals("b", order.getRecipient());
            Resync resync = (Resync) order.getBody();
            assertEquals("digest mismatch with leader a at offset 3", resync.getReason());
            assertEquals(3L, resync.getAtOffset());
            h.output("b", 4, 999, SyncState.SYNCHRONIZED, 0, 1);
            assertEquals(1, h.resyncOrders.size(), "one order per mismatch");

            // b resynchronizes from offset 6 and runs ahead of the leader
            for (long o = 6; o <= 8; o++) {
                h.output("b", o, o, SyncState.SYNCHRONIZED, 6, 1);
            }
            h.onlyHeartbeating("b", 8, 6); // then a dies
            assertEquals("b", h.changes.get(1).getLeader());
            assertEquals(LongStream.rangeClosed(0, 8).boxed().toList(), h.egressOffsets(), "nothing lost at the takeover");
        }
    }

    @Test
    void outputsOfTheCondemnedSynchronizationStillOnTheirWayAreNeitherComparedAgainNorKept() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a", "b");
            for (long o = 0; o <= 12; o++) {
                h.output("a", o);
            }
            h.output("b", 0);
            h.output("b", 3, 999, SyncState.SYNCHRONIZED, 0, 1);
            assertEquals(1, h.resyncOrders.size());
            // b resynchronized from 8 and says so in its heartbeats, while its older outputs still arrive
            h.heartbeat("b", 14, SyncState.SYNCHRONIZED, 8);
            h.advance(20);
            for (long o = 4; o <= 6; o++) {
                h.output("b", o, 999, SyncState.SYNCHRONIZED, 0, 1);
            }
            assertEquals(1, h.resyncOrders.size(), "no second order for the same condemned synchronization");
            for (long o = 8; o <= 14; o++) {
                h.output("b", o, o, SyncState.SYNCHRONIZED, 8, 1);
            }
            h.onlyHeartbeating("b", 14, 8); // a dies
            assertEquals("b", h.changes.get(1).getLeader());
            assertEquals(LongStream.rangeClosed(0, 14).boxed().toList(), h.egressOffsets());
            assertEquals(1, h.resyncOrders.size());
        }
    }

    @Test
    void multiplePayloadsAndDropsKeepTheirIndexAndMoveTheWatermark() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a", "b");
            h.output("a", 0, 0, SyncState.SYNCHRONIZED, 0, 3);
            h.output("a", 1, 1, SyncState.SYNCHRONIZED, 0, 0); // a drop: nothing to emit
            h.output("a", 2, 2, SyncState.SYNCHRONIZED, 0, 1);
            assertEquals(List.of(0L, 0L, 0L, 2L), h.egressOffsets());
            assertEquals(List.of(0, 1, 2, 0), h.emitted.stream().map(EgressRecord::getOutputIndex).toList());
            assertEquals(List.of(3, 3, 3, 1), h.emitted.stream().map(EgressRecord::getOutputCount).toList());
            h.output("b", 1, 1, SyncState.SYNCHRONIZED, 0, 0);
            h.output("b", 2, 2, SyncState.SYNCHRONIZED, 0, 1);
            h.output("b", 3, 3, SyncState.SYNCHRONIZED, 0, 2);
            for (int i = 0; i < 20; i++) {
                h.advance(20);
                h.alive("b");
            }
            assertEquals(List.of(0L, 0L, 0L, 2L, 3L, 3L), h.egressOffsets());
            assertEquals("a", h.changes.get(1).getPreviousLeader());
        }
    }

    @Test
    void withoutInitialPrimaryTheMostProgressedSynchronizedNodeLeads() {
        try (SelectorHarness h = new SelectorHarness(new io.understudy.selector.internals.leadership.SelectionPolicy(
                java.util.Optional.empty(), 300, 1_000, 1, 1_000_000))) {
            h.output("a", 0);
            h.output("b", 0);
            assertEquals(List.of(), h.egressOffsets(), "nobody leads before anyone is heard from");
            h.heartbeat("a", 0, SyncState.SYNCHRONIZED, 0);
            h.heartbeat("b", 4, SyncState.SYNCHRONIZED, 0);
            h.advance(20);
            assertEquals("b", h.changes.get(0).getLeader());
            assertEquals(List.of(0L), h.egressOffsets());
            assertEquals("b", h.emitted.get(0).getNode());
        }
    }

    @Test
    void aLeaderOutputThatDoesNotSayItIsSynchronizedPastTheWatermarkIsHeldBackAndTheLeaderReplaced() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a", "b");
            h.output("a", 0);
            h.output("a", 1);
            h.output("b", 0);
            h.output("b", 1);
            // a restarted and believes it leads, but its outputs say it is synchronized only from 3
            h.output("a", 2, 2, SyncState.SYNCHRONIZED, 3, 1);
            h.output("a", 3, 3, SyncState.SYNCHRONIZED, 3, 1);
            h.output("b", 2);
            h.output("b", 3);
            assertEquals(List.of(0L, 1L), h.egressOffsets(), "held back at the watermark");
            h.advance(20); // heartbeats still say a is fine: the decision rests on the records
            assertEquals(LeaderChangeReason.LEADER_FAILED, h.changes.get(1).getReason());
            assertEquals("b", h.changes.get(1).getLeader());
            assertTrue(h.changes.get(1).getDetail().contains("not synchronized"), h.changes.get(1).getDetail());
            assertEquals(List.of(0L, 1L, 2L, 3L), h.egressOffsets());
            assertTrue(h.emitted.subList(2, 4).stream().allMatch(e -> e.getNode().equals("b")));
        }
    }

    @Test
    void anUnsynchronizedLeaderWithNoEligibleBackupStallsEgressAndRaisesTheAlarm() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a");
            h.output("a", 0);
            h.output("a", 1, 1, SyncState.RECEIVING, -1, 1);
            h.advance(20);
            assertEquals(List.of(0L), h.egressOffsets());
            assertEquals(LeaderChangeReason.NO_ELIGIBLE_BACKUP, h.changes.get(1).getReason());
        }
    }

    @Test
    void aBackupWhoseKeptBacklogOverflowsIsOrderedToResyncAndIsEligibleAgainOnceResynchronized() {
        SelectionPolicy policy = new SelectionPolicy(java.util.Optional.of("a"), 300, 1_000, 1, 3);
        try (SelectorHarness h = new SelectorHarness(policy)) {
            h.alive("a", "b");
            h.output("a", 0);
            for (long o = 0; o <= 4; o++) {
                h.output("b", o); // b runs ahead: 1, 2, 3 kept, 4 overflows
            }
            assertEquals(1, h.resyncOrders.size());
            assertEquals("b", h.resyncOrders.get(0).getRecipient());
            assertEquals(4L, ((Resync) h.resyncOrders.get(0).getBody()).getAtOffset());
            assertTrue(h.selection.leadership().ineligible().containsKey("b"));
            // b resynchronizes from 6; a emits up to 5 and then dies: b takes over from its kept outputs
            for (long o = 1; o <= 5; o++) {
                h.output("a", o);
            }
            h.output("b", 6, 6, SyncState.SYNCHRONIZED, 6, 1);
            assertTrue(h.selection.leadership().ineligible().isEmpty(), "eligible again");
            h.onlyHeartbeating("b", 6, 6);
            assertEquals("b", h.changes.get(1).getLeader());
            assertEquals(LongStream.rangeClosed(0, 6).boxed().toList(), h.egressOffsets());
        }
    }
}
