package io.understudy.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.understudy.records.LeaderChangeReason;
import io.understudy.records.SelectorState;
import io.understudy.records.SyncState;
import io.understudy.selector.internals.leadership.SelectionPolicy;
import io.understudy.selector.internals.status.Decision;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the selection tells its status board, which the status page and the meters show operators:
 * every leadership as stored, every decision, the outputs read and the egress written, and the
 * outcome of every comparison with what was emitted. Each count is exact, so a selection that
 * stopped telling the board one of them fails here (the first mutation runs found no test that
 * read the board from the selection).
 */
class SelectionStatusTest {

    @Test
    void theBoardCountsEveryOutputReadPerNodeAndEveryEgressRecordAndDropVerdictWritten() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a", "b");
            h.output("a", 0, 0, SyncState.SYNCHRONIZED, 0, 1);
            h.output("a", 1, 1, SyncState.SYNCHRONIZED, 0, 3);
            h.drop("a", 2, "replayed packet: sequence 7");
            for (long o = 0; o <= 3; o++) {
                h.output("b", o);
            }
            assertEquals(3.0, h.counted("understudy.selector.records.in", "node", "a"));
            assertEquals(4.0, h.counted("understudy.selector.records.in", "node", "b"));
            assertEquals(4.0, h.counted("understudy.selector.records.out"), "1 + 3 egress records, none for the drop");
            assertEquals(1.0, h.counted("understudy.selector.dropped", "reason", "replayed_packet"));
        }
    }

    @Test
    void theBoardCountsEachComparisonByOutcome() {
        SelectionPolicy policy = new SelectionPolicy(Optional.of("a"), 300, 1_000, 1, 1_000_000, 8);
        try (SelectorHarness h = new SelectorHarness(policy)) {
            h.alive("a", "b", "c");
            for (long o = 0; o <= 20; o++) {
                h.output("a", o);
            }
            for (long o = 13; o <= 15; o++) {
                h.output("b", o); // equal
            }
            h.output("c", 13, 999, SyncState.SYNCHRONIZED, 0, 1);
            h.output("c", 14, 999, SyncState.SYNCHRONIZED, 0, 1); // c is condemned: not compared again
            assertEquals(3.0, h.comparisons("equal"));
            assertEquals(1.0, h.comparisons("mismatch"));
            assertEquals(0.0, h.comparisons("beyond_window"));
            h.output("b", 12); // 8 behind: no longer comparable
            assertEquals(1.0, h.comparisons("beyond_window"));
            assertEquals(3.0, h.comparisons("equal"));
        }
    }

    @Test
    void theBoardCountsOutputsWaitingForALookUpAndThoseThatCannotBeCompared() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a", "b");
            for (long o = 0; o <= 9; o++) {
                h.output("a", o);
            }
            h.takeOver();
            h.alive("a", "b", "c");
            for (long o = 3; o <= 5; o++) {
                h.output("b", o); // each waits for the look-up of a's outputs
            }
            assertEquals(3.0, h.comparisons("looked_up"));
            assertEquals(0.0, h.comparisons("equal"));
            h.lookUp();
            assertEquals(3.0, h.comparisons("equal"));
            h.output("c", 2); // before what the look-up read: another one
            assertEquals(4.0, h.comparisons("looked_up"));
            assertEquals(0.0, h.comparisons("uncomparable"));
            h.selection.lookupExhausted(); // it found nothing
            assertEquals(1.0, h.comparisons("uncomparable"));
        }
    }

    @Test
    void theBoardHoldsTheLeadershipAsStoredAndEveryDecisionNewestFirst() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a", "b");
            h.output("a", 0);
            assertEquals(List.of(h.selection.leadership()), h.board.leaderships());
            h.output("a", 1);
            h.output("b", 0);
            h.output("b", 1);
            h.output("b", 2);
            assertEquals(1L, h.board.leaderships().get(0).watermark());
            h.onlyHeartbeating("b", 2, 0); // a dies
            assertEquals(List.of(h.selection.leadership()), h.board.leaderships());
            assertEquals("b", h.board.leaderships().get(0).leader());
            assertEquals(2L, h.board.leaderships().get(0).watermark());
            List<Decision> decisions = h.board.decisions();
            assertEquals(List.of("LEADER_FAILED", "INITIAL"), decisions.stream().map(Decision::reason).toList());
            assertEquals(2, decisions.get(0).epoch());
            assertEquals(1.0, h.counted("understudy.selector.failovers", "reason", "LEADER_FAILED"));
            assertEquals(0.0, h.counted("understudy.selector.alarms"));
        }
    }

    @Test
    void theBoardCountsTheAlarmWhenNoBackupIsEligible() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a");
            h.output("a", 0);
            for (int i = 0; i < 20; i++) {
                h.advance(20);
            }
            assertEquals(LeaderChangeReason.NO_ELIGIBLE_BACKUP, h.changes.get(1).getReason());
            assertEquals(1.0, h.counted("understudy.selector.alarms"));
            assertEquals(true, h.board.leaderships().get(0).alarm());
            assertEquals("NO_ELIGIBLE_BACKUP", h.board.decisions().get(0).reason());
        }
    }

    @Test
    void aNewOwnerShowsTheResumedLeadershipBeforeItReadsAnything() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a", "b");
            for (long o = 0; o <= 4; o++) {
                h.output("a", o);
            }
            SelectorState state = h.takeOver();
            assertEquals(1, h.board.leaderships().size());
            assertEquals("a", h.board.leaderships().get(0).leader());
            assertEquals(state.getWatermark(), h.board.leaderships().get(0).watermark());
            assertEquals(4L, h.board.leaderships().get(0).watermark());
        }
    }
}
