package io.understudy.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceLogTest {

    @Test
    void tableShowsTheMedianOfEachQuarterAndTheMaximum() {
        List<ResourceLog.Sample> samples = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            // node-a grows by 100 MiB per quarter; the selector is flat but for one spike; node-b is down at first
            Map<String, Double> rss = new java.util.HashMap<>(Map.of("node-a", 100.0 + 100 * (i / 2), "selector", i == 5 ? 900.0 : 300.0));
            if (i >= 4) {
                rss.put("node-b", 250.0);
            }
            samples.add(new ResourceLog.Sample(i * 5L, 1_000L * i, 1_000L * i - 10 * i, 0, rss));
        }
        String table = print(samples);
        assertTrue(table.contains("| node-a       |       100 |       200 |       300 |       400 |       400 |"), table);
        assertTrue(table.contains("| node-b       |         - |         - |       250 |       250 |       250 |"), table);
        assertTrue(table.contains("| selector     |       300 |       300 |       600 |       300 |       900 |"), table);
        assertTrue(table.contains("| lag          |         5 |        25 |        45 |        65 |        70 |"), table);
        assertTrue(!table.contains("| bridge"), "a role never seen has no row: " + table);
    }

    @Test
    void tooShortARunSaysSo() {
        assertTrue(print(List.of(new ResourceLog.Sample(0, 0, 0, 0, Map.of()))).contains("too short"));
    }

    @Test
    void writesOneCsvRowPerSampleWithTheLiveRolesMemory(@TempDir Path dir) throws Exception {
        AtomicLong sent = new AtomicLong(500);
        Path csv = dir.resolve("resources.csv");
        long self = ProcessHandle.current().pid();
        try (ResourceLog log = new ResourceLog(csv, () -> Map.of("node-a", self), sent::get, () -> 480, () -> 2, 60_000)
                .start()) {
            long deadline = System.currentTimeMillis() + 30_000;
            while (log.samples().isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(10); // the first sample, taken when the log starts: however busy the machine
            }
            assertEquals(1, log.samples().size(), "one sample at the start");
            sent.set(700);
        }
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertEquals("second,sent,egress,lag,failovers,bridge_rss_mb,node-a_rss_mb,node-b_rss_mb,selector_rss_mb,demo_rss_mb",
                lines.get(0));
        assertEquals(3, lines.size(), "a sample at the start and one at the close: " + lines);
        assertEquals("500", lines.get(1).split(",", -1)[1], "the start's sample, before the change");
        String[] last = lines.get(2).split(",", -1);
        assertEquals("700", last[1]);
        assertEquals("220", last[3], "lag = sent - egress");
        assertEquals("", last[5], "no bridge process");
        assertTrue(Double.parseDouble(last[6]) > 10, "this JVM's resident memory stands for node-a: " + last[6]);
        assertEquals(last[6].isEmpty(), last[9].isEmpty());
    }

    @Test
    void liveHeapTableShowsBothReadingsAndWhetherTheProcessWasRestarted() {
        ResourceLog.LiveHeapReading first = new ResourceLog.LiveHeapReading(300,
                Map.of("node-a", 30L * 1048576, "selector", 41L * 1048576 + 524288), Map.of("node-a", 11L, "selector", 12L));
        ResourceLog.LiveHeapReading last = new ResourceLog.LiveHeapReading(3605,
                Map.of("node-a", 31L * 1048576, "selector", 42L * 1048576), Map.of("node-a", 21L, "selector", 12L));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ResourceLog.printLiveHeap(first, last, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String table = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(table.contains("|              |  at 300 s | at 3605 s | same process      |"), table);
        assertTrue(table.contains("| node-a       |      30.0 |      31.0 | no (restarted)    |"), table);
        assertTrue(table.contains("| selector     |      41.5 |      42.0 | yes               |"), table);
        assertTrue(!table.contains("| bridge"), "a role never read has no row: " + table);
    }

    /** This JVM stands for the selector: its live heap is read once warmed up and again at the close. */
    @Test
    void aLongRunReadsTheLiveHeapOnceWarmedUpAndAgainAtTheEnd(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(io.understudy.stack.process.LiveHeap.jcmd().isPresent(),
                "a JDK's jcmd beside java");
        long self = ProcessHandle.current().pid();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ResourceLog log = new ResourceLog(dir.resolve("resources.csv"), () -> Map.of("selector", self), () -> 0,
                () -> 0, () -> 0, 60_000, 1).start()) {
            log.printLiveHeap(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            assertEquals("", bytes.toString(StandardCharsets.UTF_8), "nothing to print before the first reading");
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline && log.samples().isEmpty()) {
                Thread.sleep(10);
            }
            Thread.sleep(1_100); // past the first reading's second: the next sample is the close's
            log.close();
            log.printLiveHeap(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        }
        String table = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(table.matches("(?s).*\\| selector     \\|\\s+\\d+\\.\\d \\|\\s+\\d+\\.\\d \\| yes .*"), table);
    }

    private static String print(List<ResourceLog.Sample> samples) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ResourceLog.printTable(samples, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
