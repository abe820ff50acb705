package io.understudy.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.records.LeaderChangeReason;
import io.understudy.records.Resync;
import io.understudy.records.SelectorState;
import io.understudy.records.SyncState;
import io.understudy.selector.internals.leadership.SelectionPolicy;
import io.understudy.selector.internals.routing.PartitionSelection;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * What a selector's state tells a new owner about the emitted digests some node still needs
 * ({@code digestsFrom}, {@code digestsPosition}), in each case the state can be in: a node one
 * offset behind the watermark, a condemned node, a look-up still under way, digests a look-up
 * already gave; and what happens to outputs that wait for a look-up for too long, or that are the
 * leader's own. Each position is exact: one off, and a node's output would be compared with the
 * wrong digest or not at all.
 */
class TakeoverDigestsTest {

    @Test
    void aBackupOneOffsetBehindTheWatermarkNeedsTheWatermarksDigest() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a", "b");
            for (long o = 0; o <= 9; o++) {
                h.output("a", o);
            }
            for (long o = 0; o <= 8; o++) {
                h.output("b", o);
            }
            SelectorState state = h.selection.snapshot("s");
            assertEquals(9L, state.getDigestsFrom());
            assertEquals(9L, state.getDigestsPosition(), "a's output for 9 sits at its topic offset 9");
            h.output("b", 9);
            state = h.selection.snapshot("s");
            assertEquals(-1L, state.getDigestsFrom(), "b needs no digest any more");
            assertEquals(-1L, state.getDigestsPosition());
        }
    }

    @Test
    void aCondemnedBackupNeedsNoDigest() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a", "b");
            h.output("a", 0);
            h.output("b", 0, 999, SyncState.SYNCHRONIZED, 0, 1); // condemned at 0
            for (long o = 1; o <= 9; o++) {
                h.output("a", o);
            }
            assertEquals(-1L, h.selection.snapshot("s").getDigestsFrom());
        }
    }

    /** A look-up still under way when the partition moves on again is handed on as it is, from where it started. */
    @Test
    void aLookUpStillUnderWayIsHandedOnToTheNextOwner() {
        try (SelectorHarness h = new SelectorHarness()) {
            SelectorState first = takeOverWithBBehind(h);
            assertEquals(5L, first.getDigestsFrom());
            SelectorState second = h.takeOver(); // nothing read meanwhile
            assertEquals(5L, second.getDigestsFrom());
            assertEquals(5L, second.getDigestsPosition());
            assertEquals(new PartitionSelection.DigestLookup("a", 5, Long.MAX_VALUE, 9, 5), h.selection.digestLookup());
            h.alive("a", "b", "c");
            h.output("a", 10);
            h.output("a", 11);
            h.output("c", 10); // c needs a's digest for 11 (in this owner's window), the look-up still from 5
            SelectorState third = h.selection.snapshot("s");
            assertEquals(5L, third.getDigestsFrom());
            assertEquals(5L, third.getDigestsPosition());
        }
    }

    /**
     * Digests an earlier look-up gave this owner (it did not emit them) are where the next owner
     * looks them up, in front of any this owner emitted.
     */
    @Test
    void digestsALookUpGaveAreWhereTheNextOwnerLooksThemUp() {
        try (SelectorHarness h = new SelectorHarness()) {
            takeOverWithBBehind(h);
            h.alive("a", "b");
            assertEquals(5, h.lookUp()); // a's outputs for 5..9
            h.output("b", 5);
            h.output("b", 6); // compared equal with what the look-up gave; b needs 7 next
            assertEquals(2.0, h.comparisons("equal"));
            SelectorState state = h.selection.snapshot("s");
            assertEquals(7L, state.getDigestsFrom());
            assertEquals(7L, state.getDigestsPosition());
            h.output("a", 10); // emitted by this owner: its digest is later than 7's
            state = h.selection.snapshot("s");
            assertEquals(7L, state.getDigestsFrom());
            assertEquals(7L, state.getDigestsPosition());
            assertEquals(List.of(), h.resyncOrders);
            h.output("b", 7, 999, SyncState.SYNCHRONIZED, 0, 1); // differs from what the look-up gave for 7
            assertEquals(1, h.resyncOrders.size());
            assertEquals("digest mismatch with leader a at offset 7", ((Resync) h.resyncOrders.get(0).getBody()).getReason());
        }
    }

    /** Outputs within the look-up the state named leave it as it is: it is read from the position the state gave. */
    @Test
    void outputsWithinTheStatesLookUpLeaveItAsItIs() {
        try (SelectorHarness h = new SelectorHarness()) {
            takeOverWithBBehind(h);
            h.alive("a", "b");
            h.reread("b", 5); // b's 5..9 wait for it, from its first offset on
            assertEquals(new PartitionSelection.DigestLookup("a", 5, Long.MAX_VALUE, 9, 5), h.selection.digestLookup());
            assertEquals(5.0, h.comparisons("looked_up"));
        }
    }

    /** The output for exactly the first offset the leader emitted in its epoch can be looked up in its outputs. */
    @Test
    void anOutputForTheFirstOffsetOfTheLeadersEpochIsLookedUp() {
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
            assertEquals(5L, h.takeOver().getEpochStart());
            h.alive("b", "c");
            h.output("c", 5);
            assertEquals(List.of(), h.resyncOrders);
            assertEquals(1.0, h.comparisons("looked_up"));
            h.lookUp();
            assertEquals(1.0, h.comparisons("equal"));
            assertEquals(List.of(), h.resyncOrders);
        }
    }

    /**
     * A state written while a look-up is half read: the digests it already gave are where the next
     * owner looks up, from the leader's very first output (topic offset 0) if that is what was needed.
     */
    @Test
    void aStateWrittenWhileALookUpIsHalfReadNamesTheDigestsItAlreadyGave() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a", "b");
            for (long o = 0; o <= 9; o++) {
                h.output("a", o);
            }
            h.takeOver();
            h.alive("a", "b");
            h.output("b", 0);
            h.output("b", 1); // both wait for a look-up of a's outputs from offset 0
            assertEquals(new PartitionSelection.DigestLookup("a", 0, 0, 9, -1), h.selection.digestLookup());
            SelectorState before = h.selection.snapshot("s");
            assertEquals(-1L, before.getDigestsFrom(), "nothing read yet: the look-up is asked again by b's outputs");
            h.selection.onLookedUp(aOutput(0), 0); // the reader has read a's output for 0 only
            SelectorState half = h.selection.snapshot("s");
            assertEquals(0L, half.getDigestsFrom());
            assertEquals(0L, half.getDigestsPosition());
            assertEquals(List.of(), h.resyncOrders);
        }
    }

    /** a's output for an offset as the harness writes it (digest = offset), at topic offset = offset. */
    private static io.understudy.records.NodeOutput aOutput(long offset) {
        return io.understudy.records.NodeOutput.newBuilder().setNodeId("a").setIngressPartition(0).setIngressOffset(offset)
                .setIngressTimestamp(offset).setFlowId("f").setEmissions(List.of()).setDropReason(null)
                .setSyncState(SyncState.SYNCHRONIZED).setSyncedFrom(0).setStateDigest(offset).build();
    }

    /**
     * Outputs waiting for a look-up that the watermark leaves more than the window behind can no
     * longer be compared: their node is ordered to resynchronize, not left waiting.
     */
    @Test
    void outputsWaitingForALookUpThatFallBeyondTheWindowOrderAResync() {
        SelectionPolicy policy = new SelectionPolicy(Optional.of("a"), 300, 1_000, 1, 1_000_000, 8);
        try (SelectorHarness h = new SelectorHarness(policy)) {
            h.alive("a", "b");
            for (long o = 0; o <= 9; o++) {
                h.output("a", o);
            }
            h.takeOver();
            h.alive("a", "b");
            for (long o = 3; o <= 6; o++) {
                h.output("b", o); // pending: the look-up is not read yet
            }
            h.output("a", 10);
            assertEquals(List.of(), h.resyncOrders, "3 is 7 behind 10: still comparable");
            h.output("a", 11);
            assertEquals(1, h.resyncOrders.size());
            assertEquals("beyond the comparison window: its output for offset 3 came 8 offsets behind the watermark 11"
                    + " (digest.window.offsets=8)", ((Resync) h.resyncOrders.get(0).getBody()).getReason());
            assertTrue(h.selection.leadership().ineligible().containsKey("b"));
            assertEquals(1.0, h.comparisons("beyond_window"));
            h.lookUp();
            assertEquals(0.0, h.comparisons("equal"), "b's pending outputs went with its condemnation");
            assertEquals(1, h.resyncOrders.size());
        }
    }

    /**
     * The leader's own catch-up outputs below the watermark, after a selector takeover, have no
     * digest left anywhere: they are counted as uncomparable but the leader (the only synchronized
     * node) is not condemned, and its outputs past the watermark pass at exactly the next record.
     */
    @Test
    void theLeadersOwnCatchUpOutputsWithNoDigestLeftAreCountedNotCondemned() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a", "b");
            for (long o = 0; o <= 9; o++) {
                h.output("a", o);
            }
            for (long o = 0; o <= 4; o++) {
                h.output("b", o);
            }
            h.onlyHeartbeating("b", 11, 0); // a dies: b takes over at watermark 9, behind
            assertEquals(LeaderChangeReason.LEADER_FAILED, h.changes.get(1).getReason());
            SelectorState state = h.takeOver(); // then the selector moves too
            assertEquals(10L, state.getEpochStart());
            h.alive("b");
            for (long o = 5; o <= 11; o++) {
                h.output("b", o);
            }
            assertEquals(5.0, h.comparisons("uncomparable"), "b's outputs for 5..9");
            assertEquals(List.of(), h.resyncOrders);
            assertEquals(LongStream.rangeClosed(0, 11).boxed().toList(), h.egressOffsets());
            assertEquals("b", h.emitted.get(11).getNode());
        }
    }

    /** The same with the window too small for b's catch-up: beyond it, b's own outputs are not condemned either. */
    @Test
    void theLeadersOwnCatchUpOutputsBeyondTheWindowAreCountedNotCondemned() {
        SelectionPolicy policy = new SelectionPolicy(Optional.of("a"), 300, 1_000, 1, 1_000_000, 8);
        try (SelectorHarness h = new SelectorHarness(policy)) {
            h.alive("a", "b");
            h.output("a", 0);
            h.output("b", 0);
            for (long o = 1; o <= 19; o++) {
                h.output("a", o);
            }
            h.onlyHeartbeating("b", 21, 0); // a dies: b takes over at watermark 19, 19 behind
            assertEquals("b", h.selection.leadership().leader());
            for (long o = 1; o <= 21; o++) {
                h.output("b", o);
            }
            assertEquals(11.0, h.comparisons("beyond_window"), "b's outputs for 1..11");
            assertEquals(9.0, h.comparisons("equal"), "b's outputs for 0 and 12..19");
            assertEquals(List.of(), h.resyncOrders);
            assertEquals(LongStream.rangeClosed(0, 21).boxed().toList(), h.egressOffsets());
        }
    }

    /**
     * Outputs for offsets the leader emitted nothing for (a diverged node's): each widens the
     * look-up of the leader's outputs, and once it has passed them without a digest, the node is
     * ordered to resynchronize. A look-up of a former leader still under way gives no digest of the
     * new leader's, so such an output then is not compared at all.
     */
    @Test
    void outputsForOffsetsTheLeaderEmittedNothingForAreNeverTrusted() {
        SelectorState state = SelectorState.newBuilder().setPartition(0).setLeader("a").setEpoch(1).setWatermark(9)
                .setStaticFingerprint("").setAlarm(false).setIneligible(List.of())
                .setResumePositions(new java.util.LinkedHashMap<>(java.util.Map.of("a", 10L))).setCommandsPosition(0)
                .setWrittenBy("s1").setEpochStart(0).setDigestsFrom(5).setDigestsPosition(5).build();
        try (SelectorHarness h = new SelectorHarness(SelectorHarness.POLICY, state)) {
            assertEquals(new PartitionSelection.DigestLookup("a", 5, Long.MAX_VALUE, 9, 5), h.selection.digestLookup());
            h.heartbeat("c", 9, SyncState.SYNCHRONIZED, 0);
            h.advance(20); // a is not heard from: c takes over at watermark 9, a's look-up still under way
            assertEquals("c", h.selection.leadership().leader());
            h.alive("c", "d", "e");
            h.output("c", 10);
            h.output("c", 12); // no output for 11 (a transaction marker's offset)
            h.output("d", 11); // d says it had a record at 11
            assertEquals(1, h.resyncOrders.size(), "no digest of c's can come from a's look-up");
            assertEquals("d", h.resyncOrders.get(0).getRecipient());
            assertTrue(((Resync) h.resyncOrders.get(0).getBody()).getReason().startsWith("not compared"));
            h.lookUp(); // a's look-up ends
            h.output("c", 13);
            h.output("c", 15); // none for 14
            h.output("e", 11);
            assertEquals(new PartitionSelection.DigestLookup("c", 11, 11, 11, -1), h.selection.digestLookup());
            h.output("e", 14);
            assertEquals(new PartitionSelection.DigestLookup("c", 11, 11, 14, -1), h.selection.digestLookup(), "widened");
            assertEquals(1, h.resyncOrders.size());
            h.lookUp(); // c's outputs from 11's timestamp pass 11 and 14 with no digest for either
            assertEquals(2, h.resyncOrders.size());
            assertEquals("e", h.resyncOrders.get(1).getRecipient());
            assertEquals(LongStream.of(10, 12, 13, 15).boxed().toList(), h.egressOffsets());
        }
    }

    /** a emits 0..9; b's outputs 0..4 are read, 5..12 written but not read; then a new owner takes over. */
    private static SelectorState takeOverWithBBehind(SelectorHarness h) {
        h.alive("a", "b");
        for (long o = 0; o <= 9; o++) {
            h.output("a", o);
        }
        for (long o = 0; o <= 4; o++) {
            h.output("b", o);
        }
        for (long o = 5; o <= 12; o++) {
            h.written("b", o, o);
        }
        return h.takeOver();
    }
}
