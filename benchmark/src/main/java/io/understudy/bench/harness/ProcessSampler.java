package io.understudy.bench.harness;

import io.understudy.stack.process.ProcessStat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Samples the CPU time and resident memory of processes from {@code /proc} (Linux), every
 * {@code intervalMillis}, on a thread of its own. A process that is gone (killed) just stops
 * yielding samples. Elsewhere than Linux it samples nothing and reports zeros.
 */
final class ProcessSampler implements AutoCloseable {

    private record Sample(long atNanos, long cpuTicks, long rssKb) {
    }

    private final Map<String, Long> pids = new LinkedHashMap<>();
    private final Map<String, List<Sample>> samples = new LinkedHashMap<>();
    private final long intervalMillis;
    private final Thread thread;
    private volatile boolean running = true;

    ProcessSampler(long intervalMillis) {
        this.intervalMillis = intervalMillis;
        this.thread = new Thread(this::run, "process-sampler");
        this.thread.setDaemon(true);
    }

    ProcessSampler start() {
        thread.start();
        return this;
    }

    synchronized void watch(String name, long pid) {
        pids.put(name, pid);
        samples.computeIfAbsent(name, n -> new ArrayList<>());
        sampleNow();
    }

    synchronized List<String> names() {
        return List.copyOf(pids.keySet());
    }

    /** Takes a sample of every process now (so that phase boundaries have one). */
    synchronized void sampleNow() {
        long now = System.nanoTime();
        pids.forEach((name, pid) -> ProcessStat.of(pid)
                .ifPresent(s -> samples.get(name).add(new Sample(now, s.cpuTicks(), s.rssKb()))));
    }

    /** CPU used between two instants, in percent of one core; -1 without two samples in the window. */
    synchronized double cpuPercent(String name, long fromNanos, long toNanos) {
        Sample first = null;
        Sample last = null;
        for (Sample sample : samples.getOrDefault(name, List.of())) {
            if (sample.atNanos() >= fromNanos && sample.atNanos() <= toNanos) {
                if (first == null) {
                    first = sample;
                }
                last = sample;
            }
        }
        if (first == null || last == first) {
            return -1;
        }
        double seconds = (last.atNanos() - first.atNanos()) / 1e9;
        return (last.cpuTicks() - first.cpuTicks()) / ProcessStat.TICKS_PER_SECOND / seconds * 100.0;
    }

    /** The largest resident set seen, in MiB. */
    synchronized double peakRssMb(String name) {
        return samples.getOrDefault(name, List.of()).stream().mapToLong(Sample::rssKb).max().orElse(0) / 1024.0;
    }

    private void run() {
        while (running) {
            sampleNow();
            try {
                Thread.sleep(intervalMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
