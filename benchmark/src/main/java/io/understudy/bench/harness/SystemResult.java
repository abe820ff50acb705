package io.understudy.bench.harness;

import java.util.List;

/**
 * Everything measured for one system.
 *
 * @param key        system key
 * @param title      system name
 * @param settings   its settings, one line
 * @param startupMs  from starting the processes until ready
 * @param saturation the saturation phase
 * @param rates      the fixed-rate phases
 * @param failover   the failover phase, or null for a system without standby
 * @param failoverPhase the failover phase's throughput and latency, or null
 * @param selectorFailover the kill of the active selector (Understudy only), or null
 * @param counts     every record counted over the whole run
 * @param drained    true if egress caught up with everything acknowledged at the end
 * @param processes  each process's memory and CPU
 * @param cost       what a record cost at saturation: CPU per process, broker requests and bytes, profiles
 */
public record SystemResult(String key, String title, String settings, long startupMs, PhaseResult saturation,
                           List<PhaseResult> rates, FailoverResult failover, PhaseResult failoverPhase,
                           FailoverResult selectorFailover,
                           EgressCounter.Counts counts, boolean drained, List<ProcessResult> processes,
                           CostBreakdown cost) {
}
