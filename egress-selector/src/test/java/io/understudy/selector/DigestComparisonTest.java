package io.understudy.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.records.LeaderChange;
import io.understudy.records.LeaderChangeReason;
import io.understudy.records.Resync;
import io.understudy.records.SelectorState;
import io.understudy.records.SyncState;
import io.understudy.selector.internals.leadership.SelectionPolicy;
import io.understudy.selector.internals.routing.PartitionSelection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, finding 3: no node output is trusted uncompared. The three places where the digest
 * comparison used not to happen: a backup more than 65,536 offsets behind, offsets emitted before
 * a selector takeover, and a new leader's outputs up to the watermark it took over at. Each test
 * failed before the fix, as its javadoc says.
 */
class DigestComparisonTest {

    /**
     * Before the fix the leader's digests were kept for the last 65,536 emitted outputs only, and a
     * backup output older than that was neither compared nor acted on: b, diverged, stayed eligible
     * and took over when a died (the test failed at its first assertion: no resync order).
     */
    @Test
    void aBackupMoreThanTheWindowBehindIsOrderedToResynchronizeNotTrusted() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a", "b");
            for (long o = 0; o <= 9; o++) {
                h.output("a", o);
                h.output("b", o); // compared, equal
            }
            for (long o = 10; o <= 70_000; o++) {
                h.output("a", o);
            }
            assertEquals(List.of(), h.resyncOrders);
            h.output("b", 10, 999, SyncState.SYNCHRONIZED, 0, 1); // 69,990 behind: diverged, and beyond the window
            assertEquals(1, h.resyncOrders.size(), "ordered to resynchronize");
            Resync order = (Resync) h.resyncOrders.get(0).getBody();
            assertEquals("beyond the comparison window: its output for offset 10 came 69990 offsets behind the"
                    + " watermark 70000 (digest.window.offsets=65536)", order.getReason());
            assertEquals(10L, order.getAtOffset());
            assertTrue(h.selection.leadership().ineligible().containsKey("b"));
            h.onlyHeartbeating("b", 70_005, 0); // a dies: b is not chosen
            LeaderChange last = h.changes.get(h.changes.size() - 1);
            assertEquals(LeaderChangeReason.NO_ELIGIBLE_BACKUP, last.getReason());
            assertTrue(last.getDetail().contains("beyond the comparison window"), last.getDetail());
            assertEquals(70_001, h.emitted.size(), "nothing of b's emitted");
        }
    }

    /** The window is a setting: with 8 offsets, an output 7 behind is compared and one 8 behind is not. */
    @Test
    void theWindowIsMeasuredInOffsetsBehindTheWatermarkAndSetByDigestWindowOffsets() {
        SelectionPolicy policy = new SelectionPolicy(Optional.of("a"), 300, 1_000, 1, 1_000_000, 8);
        try (SelectorHarness h = new SelectorHarness(policy)) {
            h.alive("a", "b", "c");
            for (long o = 0; o <= 20; o++) {
                h.output("a", o);
            }
            h.output("b", 13, 999, SyncState.SYNCHRONIZED, 0, 1); // 7 behind: compared, and it differs
            assertEquals("digest mismatch with leader a at offset 13",
                    ((Resync) h.resyncOrders.get(0).getBody()).getReason());
            h.output("c", 12); // 8 behind: equal or not, it can no longer be compared
            assertEquals(2, h.resyncOrders.size());
            assertEquals("c", h.resyncOrders.get(1).getRecipient());
            assertTrue(((Resync) h.resyncOrders.get(1).getBody()).getReason().startsWith("beyond the comparison window"));
        }
    }

    /**
     * Issue 17, finding 4: a backup that falls far behind is not lost for good. Beyond the window it
     * is ordered to resynchronize; once its outputs say it is synchronized from a later offset it
     * is eligible again, and takes over at exactly the next record.
     */
    @Test
    void aBackupThatFellFarBehindIsEligibleAgainOnceResynchronizedAndTakesOver() {
        SelectionPolicy policy = new SelectionPolicy(Optional.of("a"), 300, 1_000, 1, 1_000_000, 8);
        try (SelectorHarness h = new SelectorHarness(policy)) {
            h.alive("a", "b");
            for (long o = 0; o <= 30; o++) {
                h.output("a", o);
            }
            h.output("b", 5); // 25 behind
            assertEquals(1, h.resyncOrders.size());
            assertTrue(h.selection.leadership().ineligible().containsKey("b"));
            h.output("b", 6); // the condemned synchronization's outputs still arrive: ignored
            assertEquals(1, h.resyncOrders.size());
            for (long o = 28; o <= 34; o++) { // b resynchronized from 28, caught up and ran ahead
                h.output("b", o, o, SyncState.SYNCHRONIZED, 28, 1);
            }
            assertFalse(h.selection.leadership().ineligible().containsKey("b"), "eligible again");
            h.onlyHeartbeating("b", 34, 28); // a dies
            assertEquals("b", h.selection.leadership().leader());
            assertEquals(LongStream.rangeClosed(0, 34).boxed().toList(), h.egressOffsets());
            assertEquals(1, h.resyncOrders.size());
        }
    }

    /**
     * A backup ahead of the leader: its kept outputs are compared when the watermark passes them (a
     * mutant that dropped them uncompared survived the suite's first mutation run).
     */
    @Test
    void aKeptOutputIsComparedWhenTheWatermarkPassesIt() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a", "b");
            h.output("a", 0);
            h.output("b", 0);
            h.output("b", 1);
            h.output("b", 2, 999, SyncState.SYNCHRONIZED, 0, 1); // kept, and it differs
            h.output("b", 3);
            assertEquals(List.of(), h.resyncOrders, "nothing to compare with yet");
            h.output("a", 1);
            assertEquals(List.of(), h.resyncOrders);
            h.output("a", 2);
            assertEquals(1, h.resyncOrders.size());
            assertEquals("digest mismatch with leader a at offset 2", ((Resync) h.resyncOrders.get(0).getBody()).getReason());
        }
    }

    /**
     * A condemned backup's kept outputs are dropped with it: once it is synchronized again and takes
     * over, only the outputs of its new synchronization pass (a mutant that kept them survived the
     * first mutation run). Its condemned outputs carry two payloads each, its new ones one.
     */
    @Test
    void aCondemnedBackupsKeptOutputsAreDroppedAndNeverEmitted() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a", "b");
            h.output("a", 0);
            h.output("b", 0);
            h.output("b", 1, 999, SyncState.SYNCHRONIZED, 0, 2); // diverged
            for (long o = 2; o <= 5; o++) {
                h.output("b", o, o, SyncState.SYNCHRONIZED, 0, 2);
            }
            h.output("a", 1); // the watermark passes b's 1: condemned
            assertEquals(1, h.resyncOrders.size());
            for (long o = 2; o <= 5; o++) { // b synchronized again from 2
                h.output("b", o, o, SyncState.SYNCHRONIZED, 2, 1);
            }
            h.onlyHeartbeating("b", 5, 2); // a dies
            assertEquals("b", h.selection.leadership().leader());
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), h.egressOffsets(), "one payload each: b's new outputs");
        }
    }

    /**
     * The new leader's outputs up to the watermark it took over at. Before the fix a node that took
     * over while behind had its outputs at or below the watermark ignored (it led, so they were
     * neither emitted nor compared): b, diverged at offset 7, took over at watermark 9 and its
     * outputs 10 and 11 were emitted (the test failed: egress 0..11, no resync order).
     */
    @Test
    void aNewLeaderThatWasBehindIsComparedWithWhatWasEmittedBeforeAnyOfItsOutputsPasses() {
        try (SelectorHarness h = takeOverBehind()) {
            for (long o = 5; o <= 11; o++) {
                h.output("b", o, o == 7 ? 999 : o, SyncState.SYNCHRONIZED, 0, 1);
            }
            assertEquals(LongStream.rangeClosed(0, 9).boxed().toList(), h.egressOffsets(), "nothing of b's passes");
            assertEquals(1, h.resyncOrders.size());
            assertEquals("b", h.resyncOrders.get(0).getRecipient());
            assertEquals("digest mismatch with the output emitted for offset 7",
                    ((Resync) h.resyncOrders.get(0).getBody()).getReason());
            h.advance(20); // the diverged leader is replaced at the next check; nobody is left
            LeaderChange last = h.changes.get(h.changes.size() - 1);
            assertEquals(LeaderChangeReason.NO_ELIGIBLE_BACKUP, last.getReason());
            assertTrue(last.getDetail().contains("diverged from what was emitted"), last.getDetail());
            assertEquals(10, h.emitted.size());
        }
    }

    /** The same takeover with a b that agrees: compared equal, and its outputs pass at exactly the next record. */
    @Test
    void aNewLeaderThatWasBehindAndAgreesGoesOnAtExactlyTheNextRecord() {
        try (SelectorHarness h = takeOverBehind()) {
            for (long o = 5; o <= 11; o++) {
                h.output("b", o);
            }
            assertEquals(LongStream.rangeClosed(0, 11).boxed().toList(), h.egressOffsets());
            assertEquals(List.of(), h.resyncOrders);
        }
    }

    /** a emits 0..9, b has been read up to 4; a dies and b, synchronized from 0, takes over at watermark 9. */
    private static SelectorHarness takeOverBehind() {
        SelectorHarness h = new SelectorHarness();
        h.alive("a", "b");
        for (long o = 0; o <= 9; o++) {
            h.output("a", o);
        }
        for (long o = 0; o <= 4; o++) {
            h.output("b", o);
        }
        h.onlyHeartbeating("b", 11, 0);
        assertEquals("b", h.changes.get(1).getLeader());
        assertEquals(9L, h.changes.get(1).getWatermark());
        return h;
    }

    /**
     * Offsets emitted before a selector takeover. Before the fix a new owner had no digest of what
     * its predecessor emitted: b's outputs 5..9, read only after the takeover, were not compared,
     * b (diverged at 7) stayed eligible and would have taken over when a died. The test failed
     * at its first assertion: the state named nothing to re-read for a's output for offset 5. Now
     * the state tells the new owner where to look up the leader's digests (beside its reading of
     * a's new outputs, which goes on from a's next unread output) so that b's outputs are
     * compared; until they are, b may not take over.
     */
    @Test
    void outputsEmittedBeforeASelectorTakeoverAreComparedByTheNewOwnerBeforeTheirNodeMayLead() {
        try (SelectorHarness h = new SelectorHarness()) {
            SelectorState state = takeOverWithBBehind(h, 7);
            assertEquals(5L, state.getDigestsPosition(), "the leader's output for offset 5, which b still needs");
            assertEquals(5L, state.getDigestsFrom());
            assertEquals(10L, state.getResumePositions().get("a"), "a's new outputs are read from its next unread one");
            assertEquals(5L, state.getResumePositions().get("b"));
            assertEquals(0L, state.getEpochStart());
            assertEquals(new PartitionSelection.DigestLookup("a", 5, Long.MAX_VALUE, 9, 5), h.selection.digestLookup());
            h.alive("a", "b");
            assertEquals(8, h.reread("b", 5)); // b's outputs first: 5..9 wait for a's digests, 10..12 are kept
            assertEquals(List.of(), h.resyncOrders);
            h.onlyHeartbeating("b", 12, 0); // a dies while b's outputs wait for a's digests
            LeaderChange alarm = h.changes.get(h.changes.size() - 1);
            assertEquals(LeaderChangeReason.NO_ELIGIBLE_BACKUP, alarm.getReason());
            assertTrue(alarm.getDetail().contains("not yet compared"), alarm.getDetail());
            assertEquals(5, h.lookUp()); // a's outputs for 5..9, dead or not, are on its topic
            assertEquals(1, h.resyncOrders.size());
            assertEquals("digest mismatch with leader a at offset 7", ((Resync) h.resyncOrders.get(0).getBody()).getReason());
            h.advance(20);
            h.heartbeat("b", 12, SyncState.SYNCHRONIZED, 0);
            h.advance(20);
            assertEquals("a", h.selection.leadership().leader(), "b never leads");
            assertEquals(10, h.emitted.size());
        }
    }

    /**
     * A state written before {@code digestsPosition} (an owner of the previous version) lowered the
     * leader's resume position to the output to re-read from instead: the look-up starts there.
     */
    @Test
    void aStateWrittenBeforeDigestsPositionIsLookedUpFromTheLeadersResumePosition() {
        try (SelectorHarness h = new SelectorHarness()) {
            SelectorState state = takeOverWithBBehind(h, -1);
            Map<String, Long> positions = new java.util.TreeMap<>(state.getResumePositions());
            positions.put("a", 5L);
            SelectorState older = SelectorState.newBuilder(state).setDigestsPosition(-1).setResumePositions(positions).build();
            try (SelectorHarness next = new SelectorHarness(SelectorHarness.POLICY, older)) {
                assertEquals(new PartitionSelection.DigestLookup("a", 5, Long.MAX_VALUE, 9, 5), next.selection.digestLookup());
            }
        }
    }

    /** The same takeover where b agrees: once a's digests are re-read, b is compared equal and takes over. */
    @Test
    void aBackupComparedEqualAfterASelectorTakeoverTakesOverAtExactlyTheNextRecord() {
        try (SelectorHarness h = new SelectorHarness()) {
            SelectorState state = takeOverWithBBehind(h, -1);
            h.alive("a", "b");
            h.lookUp(); // a's outputs for 5..9, from the state's digestsPosition
            h.reread("b", state.getResumePositions().get("b")); // b's 5..9 compared at once, then 10..12 kept
            assertEquals(List.of(), h.resyncOrders);
            h.onlyHeartbeating("b", 12, 0);
            assertEquals("b", h.selection.leadership().leader());
            assertEquals(LongStream.rangeClosed(0, 12).boxed().toList(), h.egressOffsets());
        }
    }

    /**
     * A node the previous owner never heard from (it started late, or replays after a
     * resynchronization) needs digests no state named. Before the look-up it was condemned at every
     * selector takeover ("not compared: no digest of the output emitted for offset 3"), leaving the
     * partition with no eligible backup until it resynchronized: the compose test of 2026-12-07
     * failed on it. Now its outputs wait for a look-up of the leader's outputs, from the asking
     * output's ingress timestamp, and are compared with what they give.
     */
    @Test
    void aBackupThePreviousOwnerNeverHeardIsComparedThroughALookUpOfTheLeadersOutputs() {
        try (SelectorHarness h = new SelectorHarness()) {
            SelectorState state = takeOverAfterAEmitted0To9(h); // nobody needed a digest: a is re-read from after 9
            assertEquals(10L, state.getResumePositions().get("a"));
            assertEquals(-1L, state.getDigestsFrom());
            h.output("a", 10); // emitted by the new owner: its digest is held
            for (long o = 3; o <= 10; o++) {
                h.output("b", o); // 3..9 wait for the look-up, 10 is compared at once
            }
            assertEquals(List.of(), h.resyncOrders);
            assertEquals(new PartitionSelection.DigestLookup("a", 3, 3, 9, -1), h.selection.digestLookup(),
                    "a's outputs from offset 3's timestamp up to the first digest held");
            assertEquals(7, h.lookUp(), "a's outputs for 3..9");
            assertNull(h.selection.digestLookup());
            assertEquals(List.of(), h.resyncOrders, "compared equal: b stays eligible");
            h.output("b", 11);
            h.onlyHeartbeating("b", 11, 0); // a dies
            assertEquals("b", h.selection.leadership().leader());
            assertEquals(LongStream.rangeClosed(0, 11).boxed().toList(), h.egressOffsets());
        }
    }

    /** The same look-up when b diverged at 5: b is condemned and ordered to resynchronize, never chosen. */
    @Test
    void aBackupThatDivergedIsCondemnedOnceItsLookUpIsRead() {
        try (SelectorHarness h = new SelectorHarness()) {
            takeOverAfterAEmitted0To9(h);
            for (long o = 3; o <= 9; o++) {
                h.output("b", o, o == 5 ? 999 : o, SyncState.SYNCHRONIZED, 0, 1);
            }
            h.onlyHeartbeating("b", 9, 0); // a dies while b's outputs wait for the look-up
            LeaderChange alarm = h.changes.get(h.changes.size() - 1);
            assertEquals(LeaderChangeReason.NO_ELIGIBLE_BACKUP, alarm.getReason());
            assertTrue(alarm.getDetail().contains("not yet compared"), alarm.getDetail());
            h.lookUp();
            assertEquals(1, h.resyncOrders.size());
            assertEquals("digest mismatch with leader a at offset 5", ((Resync) h.resyncOrders.get(0).getBody()).getReason());
            assertEquals("a", h.selection.leadership().leader(), "b never leads");
        }
    }

    /**
     * An offset emitted before the leader's epoch, by another leader, has no digest left anywhere
     * (the state names only the current leader): its node is ordered to resynchronize, not trusted.
     * So is one whose look-up reached the end of the leader's topic without it.
     */
    @Test
    void anOutputWithNoDigestLeftAnywhereIsUncomparableAndOrdersAResync() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a", "b");
            for (long o = 0; o <= 4; o++) {
                h.output("a", o);
                h.output("b", o);
            }
            for (long o = 5; o <= 9; o++) {
                h.output("b", o); // kept
            }
            h.onlyHeartbeating("b", 9, 0); // a dies: b leads from 5
            assertEquals("b", h.selection.leadership().leader());
            SelectorState state = h.takeOver();
            assertEquals(5L, state.getEpochStart());
            h.alive("b", "c");
            assertEquals(new PartitionSelection.DigestLookup("b", 5, Long.MAX_VALUE, 9, 5), h.selection.digestLookup(),
                    "b's digests from 5, which a still needed, looked up where the state said");
            h.output("c", 2); // emitted by a, before b's epoch: no look-up can give it
            assertEquals(new PartitionSelection.DigestLookup("b", 5, Long.MAX_VALUE, 9, 5), h.selection.digestLookup());
            assertEquals(1, h.resyncOrders.size());
            assertTrue(((Resync) h.resyncOrders.get(0).getBody()).getReason().startsWith("not compared"),
                    ((Resync) h.resyncOrders.get(0).getBody()).getReason());

        }
    }

    /** A look-up that reached the end of the leader's topic without the offset: its node is ordered to resynchronize. */
    @Test
    void anOutputWhoseLookUpFoundNothingIsUncomparableAndOrdersAResync() {
        try (SelectorHarness h = new SelectorHarness()) {
            takeOverAfterAEmitted0To9(h);
            h.output("b", 7);
            assertEquals(new PartitionSelection.DigestLookup("a", 7, 7, 9, -1), h.selection.digestLookup());
            h.selection.lookupExhausted();
            assertNull(h.selection.digestLookup());
            assertEquals(1, h.resyncOrders.size());
            assertEquals("b", h.resyncOrders.get(0).getRecipient());
            assertTrue(((Resync) h.resyncOrders.get(0).getBody()).getReason().startsWith("not compared"));
            assertTrue(h.selection.leadership().ineligible().containsKey("b"));
        }
    }

    /** a emits 0..9, nobody else heard from; then a new owner takes over, and hears from a and b. */
    private static SelectorState takeOverAfterAEmitted0To9(SelectorHarness h) {
        h.alive("a", "b");
        for (long o = 0; o <= 9; o++) {
            h.output("a", o);
        }
        SelectorState state = h.takeOver();
        h.alive("a", "b");
        return state;
    }

    /**
     * a emits 0..9; b's outputs 0..4 are read, its outputs 5..12 written to its topic but not read
     * (b's output at {@code divergedAt} with another digest, if not -1); then a new owner takes over.
     */
    private static SelectorState takeOverWithBBehind(SelectorHarness h, long divergedAt) {
        h.alive("a", "b");
        for (long o = 0; o <= 9; o++) {
            h.output("a", o);
        }
        for (long o = 0; o <= 4; o++) {
            h.output("b", o);
        }
        for (long o = 5; o <= 12; o++) {
            h.written("b", o, o == divergedAt ? 999 : o);
        }
        SelectorState state = h.takeOver();
        assertEquals(9L, state.getWatermark());
        return state;
    }
}
