package io.understudy.node.internals.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** A leader's session of one backup: what a round is acknowledged by, and what a new round resets. */
class LeaderSessionTest {

    @Test
    void aRoundIsAcknowledgedByEachOfItsChunksOnceWhateverElseArrives() {
        LeaderSession session = new LeaderSession("cp", "b", 1_000);
        session.beginRound(0, 59, 0xabcL, 2, 30, 1_000);
        session.acknowledged(1);
        session.acknowledged(1);
        session.acknowledged(2); // no such chunk
        session.acknowledged(-1);
        assertFalse(session.roundAcknowledged());
        session.acknowledged(0);
        assertTrue(session.roundAcknowledged());
    }

    @Test
    void aNewRoundForgetsTheAcknowledgementsAndRemovalsOfThePreviousOneAndAddsUpTheContextsSent() {
        LeaderSession session = new LeaderSession("cp", "b", 1_000);
        session.beginRound(0, 59, 0xabcL, 1, 30, 1_000);
        session.acknowledged(0);
        session.removedSince.add("flow-3");
        session.waitingForProgress = true;
        session.beginRound(1, 80, 0xdefL, 1, 5, 2_500);
        assertFalse(session.roundAcknowledged(), "round 1's chunk is not acknowledged by round 0's");
        assertEquals(Set.of(), session.removedSince);
        assertFalse(session.waitingForProgress);
        assertEquals(35, session.contextsSent);
        assertEquals(1, session.round);
        assertEquals(80, session.position);
        assertEquals(0xdefL, session.digest);
        assertEquals(2_500, session.roundSentAt);
    }

    @Test
    void theBackupCoversThePositionWhenItsStashStartsAtOrBeforeTheNextOffset() {
        LeaderSession session = new LeaderSession("cp", "b", 1_000);
        session.beginRound(0, 59, 0, 1, 0, 1_000);
        assertFalse(session.backupCoversPosition(), "no acknowledgement yet: the stash is unknown");
        session.coverFrom = 61;
        assertFalse(session.backupCoversPosition());
        session.coverFrom = 60;
        assertTrue(session.backupCoversPosition());
        session.coverFrom = 0;
        assertTrue(session.backupCoversPosition());
    }
}
