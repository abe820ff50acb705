package io.understudy.cli.demo;

import io.understudy.cli.audit.AuditCommand;
import io.understudy.harness.ChaosMarathon;
import io.understudy.harness.ChaosSchedule;
import io.understudy.harness.ChaosSchedule.Fault;
import io.understudy.harness.ChaosSchedule.Kind;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code understudy chaos}: a seeded random fault marathon (see {@link ChaosMarathon}) on a local
 * deployment it starts itself, the demo's kind with the broker as a process of its own. {@code
 * --dry-run} prints the schedule a seed stands for without starting anything.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = "Runs a seeded random schedule of faults (node kill -9 and SIGSTOP/SIGCONT, selector kill and freeze,"
                + " bridge kill, broker restart) against a local deployment it starts (broker and registry, bridge, nodes a"
                + " and b, selectors 1 and 2, each its own process), with traffic from endpoints that retry numbered"
                + " packets throughout; then counts every egress record, runs the audit and prints the faults by kind"
                + " with the egress gap each caused, and a RESULT line. The same seed gives the same schedule. Exit code 0"
                + " only when nothing was lost, duplicated or reordered and the audit is clean.")
public final class ChaosCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--seed", description = "Seed of the schedule (default: the current time; printed, to run it again).")
    Long seed;

    @Option(names = "--faults", defaultValue = "20", description = "How many faults (default ${DEFAULT-VALUE}).")
    int faults;

    @Option(names = "--kinds", split = ",", paramLabel = "KIND",
            description = "Fault kinds to draw from (default: all): node-kill, node-freeze, selector-kill, selector-freeze,"
                    + " bridge-kill, broker-restart.")
    List<String> kinds = new ArrayList<>();

    @Option(names = "--min-gap", defaultValue = "10", description = "Least seconds between two faults (default ${DEFAULT-VALUE}).")
    int minGapSeconds;

    @Option(names = "--max-gap", defaultValue = "20", description = "Most seconds between two faults (default ${DEFAULT-VALUE}).")
    int maxGapSeconds;

    @Option(names = "--freeze-ms", defaultValue = "500..4000", paramLabel = "MIN..MAX",
            description = "How long a freeze holds a process stopped, drawn from this range (default ${DEFAULT-VALUE}).")
    String freezeMs;

    @Option(names = "--fault-last-synchronized", description = "Let a node fault hit the last synchronized node of a"
            + " partition (by default such a fault is skipped and reported: it would stall that partition).")
    boolean faultLastSynchronized;

    @Option(names = "--flows", defaultValue = "30", description = "Simulated flows (default ${DEFAULT-VALUE}).")
    int flows;

    @Option(names = "--rate", defaultValue = "300", description = "Packets per second in total (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--partitions", defaultValue = "3", description = "Ingress partitions (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--function", defaultValue = "passthrough",
            description = "Traffic function: passthrough, router or security-engine (default ${DEFAULT-VALUE}).")
    String function;

    @Option(names = "--work-dir", description = "Where the processes' data and logs go (default: a new directory under"
            + " .understudy/chaos).")
    Path workDir;

    @Option(names = "--dry-run", description = "Print the schedule and exit, starting nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long runSeed = seed != null ? seed : System.currentTimeMillis();
        ChaosSchedule.Settings settings = settings(runSeed);
        List<Fault> schedule = ChaosSchedule.draw(settings);
        out.printf("chaos seed=%d: %d faults over %d s (kinds: %s)%n", runSeed, schedule.size(),
                schedule.get(schedule.size() - 1).atMs() / 1_000,
                String.join(",", settings.kinds().stream().sorted().map(Kind::label).toList()));
        if (dryRun) {
            schedule.forEach(fault -> out.println("  " + fault.describe()));
            out.flush();
            return 0;
        }
        out.flush();
        try {
            io.understudy.harness.traffic.ClientProtocol.of(function);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--function: " + e.getMessage());
        }
        Path dir = workDir != null ? workDir
                : Files.createDirectories(Path.of(".understudy", "chaos")).resolve("run-" + System.currentTimeMillis());
        Files.createDirectories(dir);
        System.out.println("work directory (logs, state): " + dir.toAbsolutePath());
        ChaosMarathon marathon = new ChaosMarathon(new ChaosMarathon.Options(settings, flows, rate, partitions, function,
                dir.toAbsolutePath(), faultLastSynchronized), System.out);
        ChaosMarathon.Result result = marathon.run((endpoints, functionArgs) -> {
            System.out.println("auditing the whole run (understudy audit) ...");
            List<String> args = new ArrayList<>(List.of("--bootstrap-servers", endpoints.bootstrapServers(),
                    "--schema-registry-url", endpoints.schemaRegistryUrl(), "--json",
                    dir.resolve("audit.json").toAbsolutePath().toString()));
            args.addAll(functionArgs);
            return new CommandLine(new AuditCommand()).execute(args.toArray(String[]::new));
        });
        List<String> lines = new ArrayList<>(List.of("index\tat_ms\tkind\ttarget\tskipped\tgap_ms"));
        for (ChaosMarathon.Outcome outcome : result.outcomes()) {
            lines.add(outcome.fault().index() + "\t" + outcome.fault().atMs() + "\t" + outcome.fault().kind().label() + "\t"
                    + outcome.target() + "\t" + outcome.skipped() + "\t" + outcome.gapMs());
        }
        Files.write(dir.resolve("faults.tsv"), lines, StandardCharsets.UTF_8);
        ChaosMarathon.print(result, runSeed, System.out);
        System.out.println("every fault: " + dir.resolve("faults.tsv"));
        return result.clean() ? 0 : 1;
    }

    /** The schedule's settings from the options, or a usage error saying which option is wrong. */
    ChaosSchedule.Settings settings(long runSeed) {
        Set<Kind> chosen = EnumSet.noneOf(Kind.class);
        try {
            if (kinds.isEmpty()) {
                chosen.addAll(EnumSet.allOf(Kind.class));
            }
            for (String kind : kinds) {
                chosen.add(Kind.of(kind));
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--kinds: " + e.getMessage());
        }
        String[] range = freezeMs.split("\\.\\.");
        long minHold;
        long maxHold;
        try {
            if (range.length != 2) {
                throw new NumberFormatException();
            }
            minHold = Long.parseLong(range[0].trim());
            maxHold = Long.parseLong(range[1].trim());
        } catch (NumberFormatException e) {
            throw new ParameterException(spec.commandLine(), "--freeze-ms must be MIN..MAX in ms, e.g. 500..4000, not '"
                    + freezeMs + "'");
        }
        try {
            return new ChaosSchedule.Settings(runSeed, faults, chosen, minGapSeconds * 1_000L, maxGapSeconds * 1_000L,
                    minHold, maxHold);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
