package io.understudy.bench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
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
        Instant from;
        Instant to;
        try (Recording recording = new Recording(Configuration.getConfiguration("profile"))) {
            recording.start();
            Thread before = new Thread(() -> sink = spin(500_000_000L), "before-1");
            before.start();
            before.join();
            from = Instant.now();
            Thread spinner = new Thread(() -> sink = spin(1_500_000_000L), "spinner-42");
            spinner.start();
            spinner.join();
            to = Instant.now();
            recording.stop();
            recording.dump(file);
        }
        ProfileSummary summary = ProfileSummary.of(file, from, to);
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
        assertTrue(!text.contains("before-N"), "samples before the window are left out: " + text);
    }

    @Test
    void threadNamesFoldTheirDigits() {
        assertEquals("kafka-producer-network-thread | understudy-node-a-StreamThread-N-producer",
                ProfileSummary.threadGroup("kafka-producer-network-thread | understudy-node-a-StreamThread-1-producer"));
        assertEquals("understudy-node-a-<id>-StreamThread-N", ProfileSummary.threadGroup(
                "understudy-node-a-5f2a1dea-c3e4-4a1b-9c0d-1e2f3a4b5c6d-StreamThread-1"));
        assertEquals("data-plane-kafka-request-handler-N", ProfileSummary.threadGroup("data-plane-kafka-request-handler-7"));
    }

    @Test
    void profileFilesAreNamedForSystemAndProcess() {
        assertEquals("harness", JfrProfiler.fileSafe(BenchRunner.HARNESS));
        assertEquals("node-a", JfrProfiler.fileSafe("node-a"));
    }
}
