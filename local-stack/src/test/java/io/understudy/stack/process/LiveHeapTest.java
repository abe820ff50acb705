package io.understudy.stack.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LiveHeapTest {

    private static final int MIB = 1024 * 1024;

    @Test
    void readsTheTotalLineOfAClassHistogram() {
        List<String> histogram = List.of(
                "12345:",
                " num     #instances         #bytes  class name (module)",
                "-------------------------------------------------------",
                "   1:         40321        9876543  [B (java.base@17.0.15)",
                "   2:          1200          28800  java.lang.String (java.base@17.0.15)",
                "Total        123456       45678901");
        assertEquals(OptionalLong.of(45_678_901L), LiveHeap.totalBytes(histogram));
        assertEquals(OptionalLong.empty(), LiveHeap.totalBytes(List.of("12345:", "Unable to open socket file")));
    }

    /** The figure follows reachability, not allocation: 64 MiB held count, the same dropped do not. */
    @Test
    void countsWhatIsReachableAfterAFullCollectionOnly() {
        assumeTrue(LiveHeap.jcmd().isPresent(), "a JDK's jcmd beside java");
        long pid = ProcessHandle.current().pid();
        byte[][] held = new byte[64][];
        for (int i = 0; i < held.length; i++) {
            held[i] = new byte[MIB];
        }
        long withHeld = LiveHeap.of(pid, 60_000).orElseThrow();
        assertTrue(withHeld >= 64L * MIB, "64 MiB held, live heap " + withHeld);
        assertEquals(64, held.length); // held reachable until here
        held = null;
        long dropped = LiveHeap.of(pid, 60_000).orElseThrow();
        assertTrue(withHeld - dropped >= 60L * MIB, "64 MiB dropped: " + withHeld + " -> " + dropped);
    }

    @Test
    void aProcessThatIsGoneHasNoFigure() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        assertEquals(OptionalLong.empty(), LiveHeap.of(gone.pid(), 10_000));
    }
}
