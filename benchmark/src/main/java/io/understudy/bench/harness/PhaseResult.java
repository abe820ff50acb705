package io.understudy.bench.harness;

import java.util.Map;

/**
 * One phase of one system's run.
 *
 * @param name        saturation, rate-1000, failover, ...
 * @param offeredRate packets/s offered; 0 at saturation (as many as the system takes)
 * @param seconds     how long packets were sent
 * @param sent        packets sent in the phase
 * @param egressed    of those, how many reached egress (after the drain)
 * @param throughput  egress records/s measured in the phase's steady part
 * @param p50Ms       latency, ingress send (due time) to egress read, median
 * @param p99Ms       99th percentile
 * @param p999Ms      99.9th percentile
 * @param maxMs       maximum
 * @param cpuPercent  CPU of each process during the phase, percent of one core
 * @param skipped     why the phase did not run (a rate the system cannot sustain), or null; its
 *                    numbers are then -1
 */
public record PhaseResult(String name, int offeredRate, double seconds, long sent, long egressed, double throughput,
                          double p50Ms, double p99Ms, double p999Ms, double maxMs, Map<String, Double> cpuPercent,
                          String skipped) {

    /** A fixed rate that was not offered, and why. */
    static PhaseResult skipped(String name, int offeredRate, String why) {
        return new PhaseResult(name, offeredRate, 0, 0, 0, -1, -1, -1, -1, -1, Map.of(), why);
    }
}
