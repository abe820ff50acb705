package io.understudy.bench.harness;

import java.util.List;
import java.util.Map;

/**
 * A whole benchmark invocation.
 *
 * @param startedAt   UTC time it started
 * @param mode        full, quick or custom
 * @param machine     where it ran (cores, memory, OS, Java, load average at the start)
 * @param settings    the plan, as shown in the report
 * @param systems     every system's result, in the order they ran
 * @param wallSeconds how long the whole invocation took
 * @param failures    systems that could not be measured, with what went wrong
 */
public record BenchResult(String startedAt, String mode, Map<String, String> machine, Map<String, String> settings,
                          List<SystemResult> systems, long wallSeconds,
                          Map<String, String> failures) {

    /** The result of a system by key, or null. */
    public SystemResult system(String key) {
        return systems.stream().filter(s -> s.key().equals(key)).findFirst().orElse(null);
    }
}
