package io.understudy.selector.internals.routing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The selector's comparison window: bounded by offsets behind the watermark, gaps allowed. */
class DigestWindowTest {

    @Test
    void holdsTheDigestsOfTheLastSizeOffsetsBehindTheWatermarkGapsIncluded() {
        DigestWindow window = new DigestWindow(10);
        for (long o = 0; o < 300; o += 3) { // offsets with gaps: 0, 3, ..., 297
            window.add(o, o * 7, "a", o / 3);
            window.slide(o);
        }
        assertArrayEquals(new long[] {288, 291, 294, 297}, window.heldOffsets());
        assertEquals(291 * 7, window.digestAt(291));
        assertFalse(window.has(290));
        assertTrue(window.beyond(287, 297));
        assertFalse(window.beyond(288, 297));
        assertEquals(297, window.newest());
    }

    @Test
    void growsPastItsFirstCapacityAndKeepsOrderAcrossTheRing() {
        DigestWindow window = new DigestWindow(1_000);
        for (long o = 0; o < 5_000; o++) {
            window.add(o, -o, "a", o);
            window.slide(o);
        }
        assertEquals(1_000, window.count());
        assertEquals(4_000, window.heldOffsets()[0]);
        for (long o = 4_000; o < 5_000; o++) {
            assertEquals(-o, window.digestAt(o));
        }
        assertThrows(IllegalStateException.class, () -> window.digestAt(3_999));
    }

    @Test
    void anOffsetAlreadyHeldKeepsItsFirstDigestAndALateOneIsInsertedInItsPlace() {
        DigestWindow window = new DigestWindow(100);
        window.add(5, 50, "b", 0);
        window.add(9, 90, "b", 1);
        window.add(5, 999, "a", 7);
        assertEquals(50, window.digestAt(5));
        window.add(7, 70, "a", 3); // a new owner's re-read of the previous leader, after b emitted
        window.add(2, 20, "a", 1);
        assertArrayEquals(new long[] {2, 5, 7, 9}, window.heldOffsets());
        assertEquals(70, window.digestAt(7));
        assertEquals(3, window.topicOffsetFrom("a", 3), "a's first output at or after offset 3");
        assertEquals(1, window.topicOffsetFrom("b", 6));
        assertEquals(-1, window.topicOffsetFrom("c", 0));
        assertThrows(IllegalArgumentException.class, () -> new DigestWindow(0));
    }
}
