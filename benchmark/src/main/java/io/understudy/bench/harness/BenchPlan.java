package io.understudy.bench.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What one benchmark invocation does, the same for every system.
 *
 * @param partitions         partitions of every ingress and egress topic
 * @param flows              flows the packets are spread over (round robin)
 * @param payloadSize        bytes per packet
 * @param warmup             saturated traffic before anything is measured, so that every JVM's hot code is
 *                           compiled (measured right after start-up, a system is several times slower; on
 *                           two cores Understudy's four JVMs kept C2 busy for about 100 s)
 * @param saturation         how long the saturation phase lasts
 * @param maxOutstanding     at saturation, packets acknowledged but not yet on egress, at most: enough to
 *                           keep every partition busy, few enough to drain quickly
 * @param latencyRates       the fixed offered rates (packets/s) latency is measured at
 * @param latencyDuration    how long each fixed rate lasts
 * @param failoverRate       offered rate (packets/s) of the failover phase
 * @param beforeKill         traffic before the kill in the failover phase
 * @param afterKill          traffic after the kill; the gap is measured within it
 * @param drainTimeout       after a phase, how long to wait for egress to catch up with what was acknowledged
 * @param startTimeout       how long a system may take to start
 * @param resultsDir         where the report, JSON, plots and logs go
 */
public record BenchPlan(int partitions, int flows, int payloadSize, Duration warmup, Duration saturation, long maxOutstanding,
                        List<Integer> latencyRates, Duration latencyDuration, int failoverRate, Duration beforeKill,
                        Duration afterKill, Duration drainTimeout, Duration startTimeout, Path resultsDir) {

    public BenchPlan {
        latencyRates = List.copyOf(latencyRates);
        if (partitions < 1 || flows < 1 || payloadSize < 1 || maxOutstanding < 1 || failoverRate < 1) {
            throw new IllegalArgumentException("partitions, flows, payload size, outstanding and failover rate must be at least 1");
        }
        if (latencyRates.stream().anyMatch(rate -> rate < 1)) {
            throw new IllegalArgumentException("every latency rate must be at least 1: " + latencyRates);
        }
    }

    /** The full run: about 17 minutes on an idle 2-core machine (see docs/benchmarks.md). */
    public static BenchPlan full(Path resultsDir) {
        return new BenchPlan(3, 100, 100, Duration.ofSeconds(90), Duration.ofSeconds(30), 20_000, List.of(1_000, 5_000, 10_000),
                Duration.ofSeconds(20), 1_000, Duration.ofSeconds(10), Duration.ofSeconds(75), Duration.ofSeconds(120),
                Duration.ofSeconds(180), resultsDir);
    }

    /** The CI smoke run: short phases, one rate; the default-settings standby run is left out (its failover alone takes 45 s+). */
    public static BenchPlan quick(Path resultsDir) {
        return new BenchPlan(3, 20, 100, Duration.ofSeconds(3), Duration.ofSeconds(3), 1_000, List.of(500),
                Duration.ofSeconds(3), 500, Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(180), resultsDir); // start timeout: only a bound, generous for a busy CI machine
    }
}
