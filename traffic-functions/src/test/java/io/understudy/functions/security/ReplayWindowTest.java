package io.understudy.functions.security;

import org.junit.jupiter.api.Test;

import static io.understudy.functions.security.ReplayWindow.Verdict.FRESH;
import static io.understudy.functions.security.ReplayWindow.Verdict.REPLAY;
import static io.understudy.functions.security.ReplayWindow.Verdict.TOO_OLD;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ReplayWindowTest {

    @Test
    void anEmptyWindowAcceptsAnySequenceNumber() {
        assertEquals(FRESH, ReplayWindow.EMPTY.check(0));
        assertEquals(FRESH, ReplayWindow.EMPTY.check(Long.MAX_VALUE));
        assertEquals(new ReplayWindow(0, 1), ReplayWindow.EMPTY.accept(0));
    }

    @Test
    void remembersTheLast64AndRefusesOlder() {
        ReplayWindow window = ReplayWindow.EMPTY.accept(100);
        assertEquals(REPLAY, window.check(100));
        assertEquals(FRESH, window.check(99));
        assertEquals(FRESH, window.check(37), "63 behind: inside");
        assertEquals(TOO_OLD, window.check(36), "64 behind: outside");
        window = window.accept(37);
        assertEquals(new ReplayWindow(100, 1L | (1L << 63)), window);
        assertEquals(REPLAY, window.check(37));
    }

    @Test
    void slidesForwardKeepingWhatIsStillInside() {
        ReplayWindow window = ReplayWindow.EMPTY.accept(10).accept(12);
        assertEquals(new ReplayWindow(12, 0b101), window);
        window = window.accept(70); // 10 is now 60 behind, 12 is 58 behind
        assertEquals(REPLAY, window.check(10));
        assertEquals(FRESH, window.check(11));
        window = window.accept(74); // 10 is 64 behind
        assertEquals(TOO_OLD, window.check(10));
        assertEquals(REPLAY, window.check(12));
        assertEquals(new ReplayWindow(1000, 1), window.accept(1000), "a jump of 64 or more clears the bitmap");
    }
}
