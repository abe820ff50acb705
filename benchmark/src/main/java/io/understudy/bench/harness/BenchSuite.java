package io.understudy.bench.harness;

import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs every system of one invocation, one after the other against the same broker, so that none
 * competes with another for the machine. A system that fails to run is reported and the others still
 * run.
 */
public final class BenchSuite {

    private BenchSuite() {
    }

    /**
     * @param systems  in the order to run them; each is created just before it runs
     * @param settings what the report should say about the plan
     */
    public static BenchResult run(String mode, BenchPlan plan, String bootstrapServers, String registryUrl,
                                  List<Supplier<SystemUnderTest>> systems, Map<String, String> settings,
                                  PrintStream progress) {
        String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Map<String, String> machine = MachineFacts.describe();
        long begin = System.nanoTime();
        BenchRunner runner = new BenchRunner(plan, bootstrapServers, registryUrl, progress);
        List<SystemResult> results = new ArrayList<>();
        Map<String, String> failures = new LinkedHashMap<>();
        for (Supplier<SystemUnderTest> factory : systems) {
            SystemUnderTest system = factory.get();
            try {
                results.add(runner.run(system));
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                String message = e.getClass().getSimpleName() + ": " + e.getMessage();
                failures.put(system.key(), message);
                progress.printf("   ! %s could not be measured: %s%n", system.title(), message);
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
            }
        }
        return new BenchResult(startedAt, mode, machine, settings, results, (System.nanoTime() - begin) / 1_000_000_000L,
                failures);
    }
}
