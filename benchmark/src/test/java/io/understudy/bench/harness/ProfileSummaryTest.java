package io.understudy.bench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileSummaryTest {

    static volatile long sink;

    /** Burns CPU in a method of its own, so that it is the top frame of nearly every sample of its thread. */
    static long spin(long nanos) {
        long until = System.nanoTime() + nanos;
        long x = 1;
        while (System.nanoTime() < until) {
            for (int i = 0; i < 10_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
        }
        return x;
    }

    @Test
    void aMethodThatBurnsTheCpuTopsTheSummary(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("spin.jfr");
        try (Recording recording = new Recording(Configuration.getConfiguration("profile"))) {
            recording.start();
            Thread spinner = new Thread(() -> sink = spin(1_500_000_000L), "spinner-42");
            spinner.start();
            spinner.join();
            recording.stop();
            recording.dump(file);
        }
        ProfileSummary summary = ProfileSummary.of(file);
        String spin = ProfileSummaryTest.class.getName() + ".spin";

        assertTrue(summary.samples() >= 20, "samples: " + summary.samples());
        assertTrue(summary.selfShare(spin) > 0.5, "self share of spin: " + summary.selfShare(spin));
        assertTrue(summary.inclusiveShare(spin) >= summary.selfShare(spin));
        String text = summary.render("JFR profile of the test", 5);
        assertTrue(text.startsWith("JFR profile of the test\n"), text);
        String selfTable = text.substring(text.indexOf("self: method on top of the stack\n"));
        String firstRow = selfTable.lines().skip(1).findFirst().orElseThrow();
        assertTrue(firstRow.endsWith("  " + spin), firstRow);
        assertTrue(text.contains("  spinner-N\n"), text);
    }

    @Test
    void threadNamesFoldTheirDigits() {
        assertEquals("kafka-producer-network-thread | understudy-node-a-StreamThread-N-producer",
                ProfileSummary.threadGroup("kafka-producer-network-thread | understudy-node-a-StreamThread-1-producer"));
        assertEquals("data-plane-kafka-request-handler-N", ProfileSummary.threadGroup("data-plane-kafka-request-handler-7"));
    }

    @Test
    void profileFilesAreNamedForSystemAndProcess() {
        assertEquals("harness", JfrProfiler.fileSafe(BenchRunner.HARNESS));
        assertEquals("node-a", JfrProfiler.fileSafe("node-a"));
    }
}
