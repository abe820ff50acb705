package io.understudy.node.internals.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The backup's stored progress: the steps of a synchronization, its coverage, its layout. */
class SyncProgressTest {

    @Test
    void aSynchronizationIsReceivingFromItsFirstChunkAndARoundCompleteWithItsLastChunk() {
        SyncProgress idle = SyncProgress.startingAt(50, 49, "");
        assertFalse(idle.receiving());
        assertFalse(idle.roundComplete(), "nothing received is no complete round");
        SyncProgress receiving = idle.receiving("cp", "a", 2, 59);
        assertTrue(receiving.receiving());
        assertFalse(receiving.roundComplete());
        SyncProgress one = receiving.chunkInstalled(3);
        assertFalse(one.roundComplete());
        SyncProgress two = one.chunkInstalled(4);
        assertTrue(two.roundComplete());
        assertEquals(7, two.installed());
        SyncProgress next = two.nextRound(1, 80);
        assertFalse(next.roundComplete());
        assertEquals(new SyncProgress(50, 49, 0, "cp", "a", 1, 1, 0, 80, 7, ""), next);
    }

    @Test
    void theFirstRecordStashedMovesTheCoverageUpToItselfAndNoLaterOneDoes() {
        SyncProgress progress = SyncProgress.startingAt(50, 49, "").stashed(52).stashed(53);
        assertEquals(new SyncProgress(52, 53, 2, "", "", 0, 0, 0, -1, 0, ""), progress);
        assertEquals(50, SyncProgress.startingAt(50, 49, "").stashed(50).coverFrom());
        assertEquals(50, SyncProgress.startingAt(50, 40, "").stashed(45).coverFrom(), "an earlier record does not lower it");
    }

    @Test
    void theStoredLayoutKeepsEveryFieldAndRefusesAnUnknownVersion() {
        SyncProgress progress = new SyncProgress(50, 61, 12, "cp", "a", 2, 3, 1, 80, 44, "incarnation-7");
        assertEquals(progress, SyncProgress.decode(progress.encode()));
        byte[] encoded = progress.encode();
        encoded[0] = 2;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SyncProgress.decode(encoded));
        assertEquals("sync progress layout version 2 is not known to this node", e.getMessage());
    }
}
