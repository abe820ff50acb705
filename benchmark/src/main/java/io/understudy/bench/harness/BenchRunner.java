package io.understudy.bench.harness;

import io.understudy.schemas.registry.SchemaRegistryClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Puts one system through the phases of a {@link BenchPlan}, with the same load for every system:
 * warm-up until every partition has egress, saturation, each fixed rate, and, for a system with a
 * standby, a failover phase where the process that is active for most partitions is killed with
 * SIGKILL under load. Between phases it waits until egress has caught up with what was acknowledged.
 */
public final class BenchRunner {

    private static final int WARMUP = 0;
    private static final int SATURATION = 1;
    private static final int FIRST_RATE = 2;
    private static final int BUCKET_MS = 100;
    /** A fixed rate more than this times the saturation throughput is not offered. */
    private static final double ABOVE_SATURATION = 1.2;
    /** The name under which the harness JVM itself is sampled: it also runs the broker and the load generator. */
    public static final String HARNESS = "harness (broker, load, counter)";

    private final BenchPlan plan;
    private final String bootstrapServers;
    private final String registryUrl;
    private final PrintStream progress;

    public BenchRunner(BenchPlan plan, String bootstrapServers, String registryUrl, PrintStream progress) {
        this.plan = plan;
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
        this.progress = progress;
    }

    public SystemResult run(SystemUnderTest system) throws Exception {
        progress.printf("== %s%n   %s%n", system.title(), system.settings());
        EgressCounter counter = new EgressCounter();
        try (system;
             SchemaRegistryClient registry = SchemaRegistryClient.forUrl(registryUrl);
             ProcessSampler sampler = new ProcessSampler(500).start()) {
            long begin = System.nanoTime();
            system.start(plan.startTimeout());
            long startupMs = (System.nanoTime() - begin) / 1_000_000;
            progress.printf("   started in %,d ms: %s%n", startupMs, system.processes().keySet());
            sampler.watch(HARNESS, ProcessHandle.current().pid());
            system.processes().forEach(sampler::watch);

            // recording from now on: starting JFR in a busy JVM stalls it for seconds, which must not fall
            // into a measured phase; the summary keeps the saturation phase's samples only
            try (JfrProfiler profiler = JfrProfiler.start(plan.resultsDir(), system.key(), HARNESS, system.processes(),
                         progress);
                 EgressReader reader = new EgressReader(bootstrapServers, system.egressTopic(), system.egressDecoder(),
                         counter).start();
                 LoadGenerator load = new LoadGenerator(bootstrapServers, registry, system.ingressTopic(), plan.flows(),
                         plan.payloadSize(), counter);
                 Ticker ticker = new Ticker(system.key(), load, counter).start()) {
                warmUp(load, counter, reader);

                ticker.phase("saturation");
                Saturated saturated = saturation(profiler, load, counter, sampler, reader);
                PhaseResult saturation = saturated.phase();
                progress.printf("   saturation: %,.0f records/s%n", saturation.throughput());

                List<PhaseResult> rates = new ArrayList<>();
                for (int i = 0; i < plan.latencyRates().size(); i++) {
                    int rate = plan.latencyRates().get(i);
                    if (rate > saturation.throughput() * ABOVE_SATURATION) {
                        // its queue would only grow: latency would measure the length of the phase, and the
                        // backlog would spill into the next phases
                        String why = String.format("not offered: above what the system sustained at saturation (%,.0f/s)",
                                saturation.throughput());
                        rates.add(PhaseResult.skipped("rate-" + rate, rate, why));
                        progress.printf("   %,d/s: %s%n", rate, why);
                        continue;
                    }
                    ticker.phase("rate " + rate + "/s");
                    PhaseResult result = atRate(FIRST_RATE + i, "rate-" + rate, rate, load, counter, sampler, reader);
                    rates.add(result);
                    progress.printf("   %,d/s: p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms%s%n", rate, result.p50Ms(),
                            result.p99Ms(), result.p999Ms(), result.egressed() < result.sent() ? " (egress did not catch up)" : "");
                }

                FailoverResult failover = null;
                PhaseResult failoverPhase = null;
                boolean drained;
                if (system.hasStandby()) {
                    ticker.phase("failover");
                    int phase = FIRST_RATE + plan.latencyRates().size();
                    long from = System.nanoTime();
                    sampler.sampleNow();
                    long sent = load.runAtRate(phase, plan.failoverRate(), plan.beforeKill());
                    String victim = system.processOf(mostActive(counter.lastProducers()));
                    long killedAt = System.nanoTime();
                    system.kill9(victim);
                    progress.printf("   kill -9 %s (active for most partitions) at %,d packets/s%n", victim, plan.failoverRate());
                    sent += load.runAtRate(phase, plan.failoverRate(), plan.afterKill());
                    long to = System.nanoTime();
                    sampler.sampleNow();
                    EgressCounter.Gap gap = counter.gapAfter(killedAt, to);
                    drained = drain(counter, reader);
                    long end = Math.max(to, System.nanoTime());
                    failover = new FailoverResult(victim, gap.nanos() / 1e6, gap.recovered(),
                            counter.maxGapBetween(from + 1_000_000_000L, killedAt) / 1e6, BUCKET_MS,
                            -(killedAt - from) / 1_000_000, counter.rateSeries(from, end, BUCKET_MS));
                    failoverPhase = phaseResult(phase, "failover", plan.failoverRate(), sent, from, to, counter, sampler,
                            counter.egressOfPhase(phase) / ((to - from) / 1e9));
                    progress.printf("   egress gap at the kill: %,.0f ms%s%n", failover.gapMs(),
                            gap.recovered() ? "" : " or more (a partition had no egress again by the end of the window)");
                } else {
                    drained = drain(counter, reader);
                }
                FailoverResult selectorFailover = null;
                java.util.Optional<String> selector = system.selectorToKill();
                if (selector.isPresent()) {
                    ticker.phase("selector failover");
                    int phase = FIRST_RATE + plan.latencyRates().size() + 1;
                    long from = System.nanoTime();
                    load.runAtRate(phase, plan.failoverRate(), plan.beforeKill());
                    long killedAt = System.nanoTime();
                    system.kill9(selector.get());
                    progress.printf("   kill -9 %s (the active selector) at %,d packets/s%n", selector.get(), plan.failoverRate());
                    load.runAtRate(phase, plan.failoverRate(), plan.afterKill());
                    long to = System.nanoTime();
                    EgressCounter.Gap gap = counter.gapAfter(killedAt, to);
                    drained = drain(counter, reader);
                    selectorFailover = new FailoverResult(selector.get(), gap.nanos() / 1e6, gap.recovered(),
                            counter.maxGapBetween(from + 1_000_000_000L, killedAt) / 1e6, BUCKET_MS,
                            -(killedAt - from) / 1_000_000, counter.rateSeries(from, Math.max(to, System.nanoTime()), BUCKET_MS));
                    progress.printf("   egress gap at the selector kill: %,.0f ms%s%n", selectorFailover.gapMs(),
                            gap.recovered() ? "" : " or more (a partition had no egress again by the end of the window)");
                }
                reader.check();
                EgressCounter.Counts counts = counter.counts();
                progress.printf("   counted: acknowledged %,d, egress %,d, lost %,d, duplicated %,d, reordered %,d, unexpected %,d%s%n",
                        counts.acked(), counts.egress(), counts.lost(), counts.duplicated(), counts.reordered(),
                        counts.unexpected(), drained ? "" : " (egress had not caught up at the end)");
                List<ProcessResult> processes = new ArrayList<>();
                for (String name : sampler.names()) {
                    processes.add(new ProcessResult(name, sampler.peakRssMb(name),
                            saturation.cpuPercent().getOrDefault(name, -1.0)));
                }
                CostBreakdown cost = new CostBreakdown(saturation.throughput(), saturation.egressed(),
                        saturation.cpuPercent(), saturated.broker(), summarize(saturated));
                return new SystemResult(system.key(), system.title(), system.settings(), startupMs, saturation, rates,
                        failover, failoverPhase, selectorFailover, counts, drained, processes, cost);
            }
        }
    }

    /**
     * Sends a trickle until every partition has egress (the system processes end to end), then as much
     * as it takes for the warm-up time, unmeasured: the JIT compiles the hot code of every JVM.
     */
    private void warmUp(LoadGenerator load, EgressCounter counter, EgressReader reader) throws InterruptedException {
        long deadline = System.nanoTime() + plan.startTimeout().toNanos();
        while (counter.partitionsSeen() < plan.partitions()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no egress on every partition within " + plan.startTimeout().toSeconds()
                        + " s of traffic: the system does not process");
            }
            load.runAtRate(WARMUP, 100, Duration.ofMillis(500));
            reader.check();
        }
        load.runSaturated(WARMUP, plan.warmup(), plan.maxOutstanding(), counter::egressCount);
        drain(counter, reader);
    }

    /** The saturation phase, with what it cost the broker and a JFR profile of every process. */
    private record Saturated(PhaseResult phase, BrokerMetrics broker, Map<String, Path> profiles, Instant from,
                             Instant to) {
    }

    private Saturated saturation(JfrProfiler profiler, LoadGenerator load, EgressCounter counter, ProcessSampler sampler,
                                 EgressReader reader) throws InterruptedException {
        BrokerMetrics brokerBefore = BrokerMetrics.now();
        Instant fromInstant = Instant.now();
        long from = System.nanoTime();
        sampler.sampleNow();
        long sent = load.runSaturated(SATURATION, plan.saturation(), plan.maxOutstanding(), counter::egressCount);
        long to = System.nanoTime();
        Instant toInstant = Instant.now();
        sampler.sampleNow();
        Map<String, Path> profiles = profiler.stop();
        // from the first to the last of its packets on egress: the backlog never ran dry in between
        drain(counter, reader);
        BrokerMetrics broker = BrokerMetrics.now().minus(brokerBefore);
        double throughput = counter.egressRateOfPhase(SATURATION);
        return new Saturated(phaseResult(SATURATION, "saturation", 0, sent, from, to, counter, sampler, throughput), broker,
                profiles, fromInstant, toInstant);
    }

    /**
     * Writes each JFR recording's summary next to it ({@code profile-<system>-<process>.txt}), once
     * the system's phases are over (reading a recording takes CPU); returns process name to file name.
     */
    private Map<String, String> summarize(Saturated saturated) {
        Map<String, String> summaries = new LinkedHashMap<>();
        saturated.profiles().forEach((process, recording) -> {
            Path text = recording.resolveSibling(recording.getFileName().toString().replaceAll("\\.jfr$", ".txt"));
            try {
                ProfileSummary summary = ProfileSummary.of(recording, saturated.from(), saturated.to());
                Files.writeString(text, summary.render("JFR profile of " + process + " during the saturation phase", 25));
                summaries.put(process, text.getFileName().toString());
            } catch (IOException | RuntimeException e) {
                progress.printf("   ! profile of %s not summarized: %s%n", process, e.getMessage());
            }
        });
        return summaries;
    }

    private PhaseResult atRate(int phase, String name, int rate, LoadGenerator load, EgressCounter counter,
                               ProcessSampler sampler, EgressReader reader) throws InterruptedException {
        long from = System.nanoTime();
        sampler.sampleNow();
        long sent = load.runAtRate(phase, rate, plan.latencyDuration());
        long to = System.nanoTime();
        sampler.sampleNow();
        drain(counter, reader);
        return phaseResult(phase, name, rate, sent, from, to, counter, sampler, counter.egressOfPhase(phase) / ((to - from) / 1e9));
    }

    private PhaseResult phaseResult(int phase, String name, int rate, long sent, long from, long to, EgressCounter counter,
                                    ProcessSampler sampler, double throughput) {
        Histogram latency = counter.latencyOfPhase(phase);
        Map<String, Double> cpu = new LinkedHashMap<>();
        for (String process : sampler.names()) {
            cpu.put(process, sampler.cpuPercent(process, from, to));
        }
        return new PhaseResult(name, rate, (to - from) / 1e9, sent, counter.egressOfPhase(phase), throughput,
                millis(latency, 50), millis(latency, 99), millis(latency, 99.9),
                latency.getTotalCount() == 0 ? 0 : latency.getMaxValue() / 1000.0, cpu, null);
    }

    /** Waits until every acknowledged packet is on egress; false if it did not happen within the drain timeout. */
    private boolean drain(EgressCounter counter, EgressReader reader) throws InterruptedException {
        long deadline = System.nanoTime() + plan.drainTimeout().toNanos();
        while (counter.counts().lost() > 0) {
            reader.check();
            if (System.nanoTime() > deadline) {
                progress.printf("   ! egress did not catch up within %d s: %,d acknowledged packets not seen yet%n",
                        plan.drainTimeout().toSeconds(), counter.counts().lost());
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    private static double millis(Histogram latencyMicros, double percentile) {
        return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }

    /** The producer of the latest egress on most partitions. */
    static String mostActive(Map<Integer, String> lastProducers) {
        Map<String, Integer> partitionsLed = new HashMap<>();
        lastProducers.values().forEach(producer -> partitionsLed.merge(producer, 1, Integer::sum));
        return partitionsLed.entrySet().stream().max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .orElseThrow(() -> new IllegalStateException("no egress yet: no active instance to kill"));
    }

    /** A progress line every few seconds while a system runs. */
    private final class Ticker implements AutoCloseable {
        private final String key;
        private final LoadGenerator load;
        private final EgressCounter counter;
        private final Thread thread;
        private volatile String phase = "warm-up";
        private volatile boolean running = true;

        Ticker(String key, LoadGenerator load, EgressCounter counter) {
            this.key = key;
            this.load = load;
            this.counter = counter;
            this.thread = new Thread(this::run, "bench-progress");
            this.thread.setDaemon(true);
        }

        Ticker start() {
            thread.start();
            return this;
        }

        void phase(String name) {
            phase = name;
        }

        private void run() {
            long lastEgress = counter.egressCount();
            long lastAt = System.nanoTime();
            while (running) {
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException e) {
                    return;
                }
                long egress = counter.egressCount();
                long now = System.nanoTime();
                progress.printf("   [%s %s] acknowledged %,d, egress %,d (%,.0f/s)%n", key, phase, counter.acked(), egress,
                        (egress - lastEgress) / ((now - lastAt) / 1e9));
                lastEgress = egress;
                lastAt = now;
            }
        }

        @Override
        public void close() {
            running = false;
            thread.interrupt();
        }
    }
}
