package io.understudy.cli.bench;

import io.understudy.bench.harness.BaselineProfile;
import io.understudy.bench.harness.BaselineSystem;
import io.understudy.bench.harness.BenchPlan;
import io.understudy.bench.harness.BenchResult;
import io.understudy.bench.harness.BenchSuite;
import io.understudy.bench.harness.BrokerFacts;
import io.understudy.bench.harness.SystemResult;
import io.understudy.bench.harness.SystemUnderTest;
import io.understudy.bench.report.ResultsFolder;
import io.understudy.harness.UnderstudySystem;
import io.understudy.stack.LocalStack;
import io.understudy.stack.LocalStackOptions;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code understudy bench}: Understudy against Kafka Streams standby replicas, on one local broker. */
@Command(name = "bench",
        description = "Benchmarks Understudy against a plain Kafka Streams application on one local broker: A) one"
                + " Streams instance; B) two instances with num.standby.replicas=1, default and tuned settings, the"
                + " active one killed with SIGKILL under load; C) Understudy (primary, backup, selector), the primary"
                + " killed under load. Measures throughput at saturation, latency at fixed rates, the egress gap at the"
                + " kill, lost and duplicated records (counted), CPU and memory of each process. Writes report.md,"
                + " report.json and PNG plots into the results folder. Exit code 0 only when every system ran and"
                + " nothing was lost, duplicated or reordered.")
public final class BenchCommand implements Callable<Integer> {

    static final List<String> ALL_SYSTEMS = List.of("baseline", "standby-default", "standby-tuned", "understudy");
    static final List<String> QUICK_SYSTEMS = List.of("baseline", "standby-tuned", "understudy");

    @Option(names = "--quick", description = "A smoke run in under 2 minutes: short phases, one rate, without"
            + " the default-settings standby run (its failover alone takes 45 s or more).")
    boolean quick;

    @Option(names = "--results-dir", description = "Where report.md, report.json, plots and logs go"
            + " (default: bench-results/<time>).")
    Path resultsDir;

    @Option(names = "--systems", split = ",", description = "Which systems to run, in order: baseline,"
            + " standby-default, standby-tuned, understudy (default: all; with --quick all but standby-default).")
    List<String> systems;

    @Option(names = "--rates", split = ",", description = "Fixed offered rates for latency, packets/s"
            + " (default 1000,5000,10000; with --quick 500).")
    List<Integer> rates;

    @Option(names = "--rate-duration", description = "Seconds at each fixed rate (default 20; with --quick 3).")
    Integer rateSeconds;

    @Option(names = "--warmup", description = "Seconds of unmeasured saturated traffic first (default 90; with --quick 3).")
    Integer warmupSeconds;

    @Option(names = "--saturation", description = "Seconds of the saturation phase (default 30; with --quick 3).")
    Integer saturationSeconds;

    @Option(names = "--failover-rate", description = "Packets/s while the active instance is killed (default 1000; with --quick 500).")
    Integer failoverRate;

    @Option(names = "--before-kill", description = "Seconds of traffic before the kill (default 10; with --quick 3).")
    Integer beforeKillSeconds;

    @Option(names = "--after-kill", description = "Seconds of traffic after the kill, the window the gap is measured in"
            + " (default 75: Kafka's default session timeout is 45 s; with --quick 10).")
    Integer afterKillSeconds;

    @Option(names = "--partitions", description = "Partitions of every topic (default 3).")
    Integer partitions;

    @Option(names = "--node-instances", defaultValue = "1", description = "Run each Understudy node as this many Kafka"
            + " Streams instances (processes) sharing its partitions (default ${DEFAULT-VALUE}); the failover kill hits"
            + " every instance of the primary.")
    int nodeInstances;

    @Option(names = "--flows", description = "Flows the packets are spread over (default 100; with --quick 20).")
    Integer flows;

    @Option(names = "--payload-size", description = "Bytes per packet (default 100).")
    Integer payloadSize;

    @Option(names = "--broker-min-session-timeout", defaultValue = "6000",
            description = "The broker's group.min.session.timeout.ms, and so the session timeout of the tuned standby"
                    + " run (default ${DEFAULT-VALUE}, Kafka's default; `understudy local` uses 500).")
    int brokerMinSessionTimeoutMs;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A setting for Understudy's nodes and selector, e.g. commit.interval.ms=50 (repeatable).")
    Map<String, String> roleSettings = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        Path dir = (resultsDir != null ? resultsDir
                : Path.of("bench-results", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))))
                .toAbsolutePath();
        BenchPlan plan = plan(dir);
        List<String> chosen = systems != null ? systems : quick ? QUICK_SYSTEMS : ALL_SYSTEMS;
        if (nodeInstances < 1) {
            System.err.println("--node-instances must be at least 1, not " + nodeInstances);
            return 2;
        }
        for (String system : chosen) {
            if (!ALL_SYSTEMS.contains(system)) {
                System.err.println("unknown system '" + system + "'; choose among " + ALL_SYSTEMS);
                return 2;
            }
        }
        Files.createDirectories(dir);
        out.println("results folder: " + dir);
        out.println("starting the local Kafka broker and schema registry ...");
        try (LocalStack stack = LocalStack.start(LocalStackOptions.defaults().withDataDir(dir.resolve("stack"))
                .withBrokerOverrides(Map.of(BrokerFacts.MIN_SESSION_TIMEOUT, Integer.toString(brokerMinSessionTimeoutMs))))) {
            int minSession = BrokerFacts.minSessionTimeoutMs(stack.bootstrapServers());
            List<Supplier<SystemUnderTest>> runs = new ArrayList<>();
            for (String system : chosen) {
                runs.add(switch (system) {
                    case "baseline" -> () -> baseline(BaselineProfile.SINGLE, stack, plan, minSession);
                    case "standby-default" -> () -> baseline(BaselineProfile.STANDBY_DEFAULT, stack, plan, minSession);
                    case "standby-tuned" -> () -> baseline(BaselineProfile.STANDBY_TUNED, stack, plan, minSession);
                    default -> () -> new UnderstudySystem(stack, dir, plan.partitions(), roleSettings, nodeInstances);
                });
            }
            BenchResult result = BenchSuite.run(quick ? "quick" : "full", plan, stack.bootstrapServers(),
                    stack.schemaRegistryUrl(), runs, describe(plan, minSession), out);
            ResultsFolder.write(result, dir);
            out.println();
            out.println("report: " + dir.resolve("report.md"));
            boolean clean = result.failures().isEmpty() && result.systems().size() == chosen.size();
            for (SystemResult system : result.systems()) {
                clean &= system.counts().clean() && system.drained();
                out.printf("RESULT %s throughput=%.0f lost=%d duplicated=%d reordered=%d unexpected=%d gap_ms=%s%n",
                        system.key(), system.saturation().throughput(), system.counts().lost(),
                        system.counts().duplicated(), system.counts().reordered(), system.counts().unexpected(),
                        system.failover() == null ? "-" : String.format("%.0f", system.failover().gapMs()));
            }
            result.failures().forEach((key, message) -> out.printf("FAILED %s: %s%n", key, message));
            return clean ? 0 : 1;
        }
    }

    private static SystemUnderTest baseline(BaselineProfile profile, LocalStack stack, BenchPlan plan, int minSession) {
        return new BaselineSystem(profile, stack.bootstrapServers(), stack.schemaRegistryUrl(), plan.partitions(),
                plan.resultsDir(), minSession);
    }

    private BenchPlan plan(Path dir) {
        BenchPlan base = quick ? BenchPlan.quick(dir) : BenchPlan.full(dir);
        return new BenchPlan(
                or(partitions, base.partitions()), or(flows, base.flows()), or(payloadSize, base.payloadSize()),
                seconds(warmupSeconds, base.warmup()), seconds(saturationSeconds, base.saturation()), base.maxOutstanding(),
                rates != null ? rates : base.latencyRates(), seconds(rateSeconds, base.latencyDuration()),
                or(failoverRate, base.failoverRate()), seconds(beforeKillSeconds, base.beforeKill()),
                seconds(afterKillSeconds, base.afterKill()), base.drainTimeout(), base.startTimeout(), dir);
    }

    private static Map<String, String> describe(BenchPlan plan, int minSession) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("partitions", Integer.toString(plan.partitions()));
        settings.put("flows", Integer.toString(plan.flows()));
        settings.put("payload", plan.payloadSize() + " bytes (Avro TrafficPacket on every ingress topic)");
        settings.put("load generator", "one producer in the harness JVM, acks=all, idempotent, linger.ms=1, straight to"
                + " the ingress topic (no ingress bridge); latency from each packet's due send time to its egress read");
        settings.put("warm-up", plan.warmup().toSeconds() + " s of saturated traffic, not measured");
        settings.put("saturation", plan.saturation().toSeconds() + " s, at most " + plan.maxOutstanding()
                + " packets outstanding; throughput = its records on egress / time from the first to the last of them");
        settings.put("fixed rates", plan.latencyRates() + " packets/s, " + plan.latencyDuration().toSeconds() + " s each");
        settings.put("failover", plan.failoverRate() + " packets/s, kill -9 after " + plan.beforeKill().toSeconds()
                + " s, gap measured over the next " + plan.afterKill().toSeconds() + " s");
        settings.put("broker group.min.session.timeout.ms", minSession + " (read from the broker; the tuned standby run's"
                + " session timeout)");
        return settings;
    }

    private static int or(Integer value, int fallback) {
        return value != null ? value : fallback;
    }

    private static Duration seconds(Integer value, Duration fallback) {
        return value != null ? Duration.ofSeconds(value) : fallback;
    }
}
