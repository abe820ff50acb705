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

    /** The smallest window holds the watermark's digest alone. */
    @Test
    void aWindowOfOneOffsetHoldsTheWatermarksDigestAlone() {
        DigestWindow window = new DigestWindow(1);
        window.add(4, 40, "a", 0);
        window.add(5, 50, "a", 1);
        window.slide(5);
        assertArrayEquals(new long[] {5}, window.heldOffsets());
        assertTrue(window.beyond(4, 5));
        assertFalse(window.beyond(5, 5));
    }

    @Test
    void slidingAnEmptyWindowLeavesItEmpty() {
        DigestWindow window = new DigestWindow(10);
        window.slide(100);
        assertEquals(0, window.count());
        assertEquals(-1, window.oldest());
        assertEquals(-1, window.newest());
        assertEquals("DigestWindow[size=10, count=0, offsets=[]]", window.toString());
        window.add(120, 1, "a", 3);
        window.add(121, 2, "a", 4);
        assertEquals("DigestWindow[size=10, count=2, offsets=[120..121]]", window.toString());
        assertEquals(120, window.oldest());
    }

    /** A node's first output sits at topic offset 0: where a new owner re-reads from, not skipped. */
    @Test
    void theFirstOffsetFromANodeCanSitAtTopicOffsetZero() {
        DigestWindow window = new DigestWindow(100);
        window.add(3, 30, "b", 5);
        window.add(4, 40, "a", 0);
        window.add(6, 60, "a", 1);
        window.add(8, 80, "x", -1); // a digest with no topic offset to re-read it from
        assertEquals(0, window.topicOffsetFrom("a", 0));
        assertEquals(4, window.offsetFrom("a", 0));
        assertEquals(0, window.topicOffsetFrom("a", 4), "from exactly its offset");
        assertEquals(4, window.offsetFrom("a", 4));
        assertEquals(1, window.topicOffsetFrom("a", 5));
        assertEquals(6, window.offsetFrom("a", 5));
        assertEquals(-1, window.topicOffsetFrom("a", 7));
        assertEquals(-1, window.offsetFrom("a", 7));
        assertEquals(-1, window.topicOffsetFrom("x", 0), "held, but not re-readable");
        assertEquals(-1, window.offsetFrom("x", 0));
        assertEquals(5, window.topicOffsetFrom("b", -10));
        assertEquals(3, window.offsetFrom("b", -10));
    }

    /** Every held offset is found, and none between, across a ring that wrapped and then grew (checked right after it grew). */
    @Test
    void everyHeldOffsetIsFoundAndNoneBetweenAcrossARingThatWrappedAndGrew() {
        DigestWindow window = new DigestWindow(100);
        for (long o = 0; o < 200; o += 2) { // every other offset: 50 held, the ring of 64 slides round
            window.add(o, o + 1_000, "a", o);
            window.slide(o);
        }
        assertEquals(50, window.count());
        for (long o = 102; o < 200; o += 2) {
            assertEquals(o + 1_000, window.digestAt(o));
            assertEquals(-1, window.indexOf(o + 1));
        }
        for (long o = 200; o < 230; o++) { // then every offset: 65 held, the wrapped ring grows
            window.add(o, o + 1_000, "a", o);
            window.slide(o);
        }
        long[] expected = java.util.stream.LongStream.concat(java.util.stream.LongStream.iterate(130, o -> o < 200, o -> o + 2),
                java.util.stream.LongStream.range(200, 230)).toArray();
        assertArrayEquals(expected, window.heldOffsets());
        for (long o : expected) {
            assertEquals(o + 1_000, window.digestAt(o));
        }
        assertEquals(-1, window.indexOf(129));
        assertEquals(-1, window.indexOf(131));
        assertEquals(-1, window.indexOf(230));
    }

    /** A full ring (64 of 64): nothing past the newest entry is found, the oldest slot is not read again. */
    @Test
    void nothingPastTheNewestIsFoundInAFullRing() {
        DigestWindow window = new DigestWindow(1_000);
        for (long o = 0; o < 64; o++) {
            window.add(o, o, "a", o);
        }
        assertEquals(64, window.count());
        assertEquals(63, window.topicOffsetFrom("a", 63));
        assertEquals(-1, window.topicOffsetFrom("a", 64));
        assertEquals(-1, window.offsetFrom("a", 64));
        assertEquals(-1, window.indexOf(64));
    }
}
