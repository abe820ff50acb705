package io.understudy.harness;

import io.understudy.stack.process.LiveHeap;
import io.understudy.stack.process.ProcessStat;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Samples, every few seconds while the demo drives traffic, the lag (packets acknowledged by the
 * bridge minus records on egress) and every role process's resident memory, into
 * {@code resources.csv}; at the end it prints one table of both per quarter of the run, so that a
 * soak run shows at a glance whether memory and lag stay flat.
 *
 * <p>A node killed and restarted is a new process: its row shows the memory of whichever process
 * carried the name when the sample was taken.
 *
 * <p>A long run also reads every role's live heap ({@link LiveHeap}: what is reachable after a full
 * collection) twice, once warmed up and once at the end, because resident memory alone cannot tell
 * a leak from garbage the collector has not compacted yet.
 */
final class ResourceLog implements AutoCloseable {

    /** Columns of the CSV and rows of the table, in this order; a role that is down is left empty. */
    static final List<String> ROLES = List.of("bridge", "node-a", "node-b", "selector", "demo");

    /** One sample: seconds since the start, lag in records, RSS in MiB by role (absent when down). */
    record Sample(long second, long sent, long egress, long failovers, Map<String, Double> rssMb) {
        long lag() {
            return Math.max(0, sent - egress);
        }
    }

    private final Path csv;
    private final Supplier<Map<String, Long>> pids;
    private final LongSupplier sent;
    private final LongSupplier egress;
    private final LongSupplier failovers;
    private final long intervalMillis;
    private final long liveHeapAtSecond;
    /** Set by the sampling thread, or by {@link #close} when that thread is still inside a slow jcmd. */
    private volatile LiveHeapReading liveHeapFirst;
    private volatile LiveHeapReading liveHeapLast;
    private final List<Sample> samples = new ArrayList<>();
    private final long started = System.currentTimeMillis();
    private final Thread thread;
    private final Writer writer;
    private volatile boolean running = true;

    /**
     * @param csv        the file to write (replaced)
     * @param pids       the role processes alive now, by name ({@link #ROLES})
     * @param sent       packets acknowledged by the bridge so far
     * @param egress     records seen on egress so far
     * @param failovers  leadership moves so far
     */
    ResourceLog(Path csv, Supplier<Map<String, Long>> pids, LongSupplier sent, LongSupplier egress,
                LongSupplier failovers, long intervalMillis) throws IOException {
        this(csv, pids, sent, egress, failovers, intervalMillis, 0);
    }

    /**
     * @param liveHeapAtSecond when to read the roles' live heaps the first time (seconds since the
     *                         start; the second time is at {@link #close}), or 0 for never: each
     *                         reading stops every role for one full collection
     */
    ResourceLog(Path csv, Supplier<Map<String, Long>> pids, LongSupplier sent, LongSupplier egress,
                LongSupplier failovers, long intervalMillis, long liveHeapAtSecond) throws IOException {
        this.csv = csv;
        this.liveHeapAtSecond = liveHeapAtSecond;
        this.pids = pids;
        this.sent = sent;
        this.egress = egress;
        this.failovers = failovers;
        this.intervalMillis = intervalMillis;
        this.writer = Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
        writer.write("second,sent,egress,lag,failovers," + String.join(",", ROLES.stream().map(r -> r + "_rss_mb").toList())
                + "\n");
        this.thread = new Thread(this::run, "demo-resources");
        this.thread.setDaemon(true);
    }

    ResourceLog start() {
        thread.start();
        return this;
    }

    Path file() {
        return csv;
    }

    private void run() {
        while (running) {
            sample();
            try {
                Thread.sleep(intervalMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample() {
        Map<String, Long> live = new LinkedHashMap<>(pids.get());
        live.put("demo", ProcessHandle.current().pid());
        Map<String, Double> rss = new LinkedHashMap<>();
        live.forEach((role, pid) -> ProcessStat.of(pid).ifPresent(stat -> rss.put(role, stat.rssKb() / 1024.0)));
        Sample sample = new Sample((System.currentTimeMillis() - started) / 1000, sent.getAsLong(), egress.getAsLong(),
                failovers.getAsLong(), rss);
        if (liveHeapAtSecond > 0 && liveHeapFirst == null && sample.second() >= liveHeapAtSecond) {
            liveHeapFirst = LiveHeapReading.of(sample.second(), pids.get());
        }
        StringBuilder row = new StringBuilder().append(sample.second()).append(',').append(sample.sent()).append(',')
                .append(sample.egress()).append(',').append(sample.lag()).append(',').append(sample.failovers());
        for (String role : ROLES) {
            Double mb = rss.get(role);
            row.append(',').append(mb == null ? "" : String.format(Locale.ROOT, "%.1f", mb));
        }
        synchronized (this) {
            samples.add(sample);
            try {
                writer.write(row.append('\n').toString());
                writer.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("writing " + csv, e);
            }
        }
    }

    /** The samples so far. */
    synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    /**
     * The table: per role its median RSS in each quarter of the run and its largest, then the
     * lag's median per quarter and its largest. Flat means the last quarter is about the first.
     */
    static void printTable(List<Sample> samples, PrintStream out) {
        if (samples.size() < 4) {
            out.println("(too short a run for a memory and lag table: " + samples.size() + " samples)");
            return;
        }
        out.println();
        out.println("memory (RSS, MiB) and lag (records), median per quarter of the run");
        out.printf("| %-12s | %9s | %9s | %9s | %9s | %9s |%n", "", "1st", "2nd", "3rd", "4th", "max");
        out.println("|--------------|-----------|-----------|-----------|-----------|-----------|");
        List<List<Sample>> quarters = quarters(samples);
        for (String role : ROLES) {
            List<Double> all = values(samples, s -> s.rssMb().get(role));
            if (all.isEmpty()) {
                continue;
            }
            StringBuilder line = new StringBuilder(String.format("| %-12s |", role));
            for (List<Sample> quarter : quarters) {
                line.append(cell(median(values(quarter, s -> s.rssMb().get(role))), "%.0f"));
            }
            line.append(cell(all.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN), "%.0f"));
            out.println(line);
        }
        StringBuilder lag = new StringBuilder(String.format("| %-12s |", "lag"));
        for (List<Sample> quarter : quarters) {
            lag.append(cell(median(values(quarter, s -> (double) s.lag())), "%,.0f"));
        }
        lag.append(cell(samples.stream().mapToLong(Sample::lag).max().orElse(0), "%,.0f"));
        out.println(lag);
    }

    private static List<List<Sample>> quarters(List<Sample> samples) {
        List<List<Sample>> quarters = new ArrayList<>();
        for (int q = 0; q < 4; q++) {
            quarters.add(samples.subList(q * samples.size() / 4, (q + 1) * samples.size() / 4));
        }
        return quarters;
    }

    private static List<Double> values(List<Sample> samples, java.util.function.Function<Sample, Double> value) {
        return samples.stream().map(value).filter(v -> v != null).toList();
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static String cell(double value, String format) {
        return String.format(" %9s |", Double.isNaN(value) ? "-" : String.format(Locale.ROOT, format, value));
    }

    /** The live heap of every role process at one moment, in bytes, and which process it was. */
    record LiveHeapReading(long second, Map<String, Long> bytes, Map<String, Long> pids) {

        static LiveHeapReading of(long second, Map<String, Long> pids) {
            Map<String, Long> bytes = new LinkedHashMap<>();
            pids.forEach((role, pid) -> {
                OptionalLong live = LiveHeap.of(pid, 60_000);
                if (live.isPresent()) {
                    bytes.put(role, live.getAsLong());
                }
            });
            return new LiveHeapReading(second, bytes, Map.copyOf(pids));
        }
    }

    /**
     * The live heap table, when the run read it: per role its live heap warmed up and at the end,
     * and whether the process was restarted in between (then the two are different processes).
     */
    void printLiveHeap(PrintStream out) {
        if (liveHeapFirst != null && liveHeapLast != null) {
            printLiveHeap(liveHeapFirst, liveHeapLast, out);
        }
    }

    static void printLiveHeap(LiveHeapReading first, LiveHeapReading last, PrintStream out) {
        out.println();
        out.println("live heap (MiB: reachable after a full collection, jcmd GC.class_histogram)");
        out.printf("| %-12s | %9s | %9s | %-17s |%n", "", "at " + first.second() + " s", "at " + last.second() + " s",
                "same process");
        out.println("|--------------|-----------|-----------|-------------------|");
        for (String role : ROLES) {
            Long before = first.bytes().get(role);
            Long after = last.bytes().get(role);
            if (before == null && after == null) {
                continue;
            }
            boolean same = first.pids().get(role) != null && first.pids().get(role).equals(last.pids().get(role));
            out.printf("| %-12s |%s%s %-17s |%n", role, cell(before == null ? Double.NaN : before / 1048576.0, "%.1f"),
                    cell(after == null ? Double.NaN : after / 1048576.0, "%.1f"), same ? "yes" : "no (restarted)");
        }
    }

    @Override
    public void close() throws IOException {
        if (!running) {
            return;
        }
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample(); // the state at the end of traffic
        if (liveHeapFirst != null) {
            liveHeapLast = LiveHeapReading.of((System.currentTimeMillis() - started) / 1000, pids.get());
        }
        synchronized (this) {
            writer.close();
        }
    }
}
