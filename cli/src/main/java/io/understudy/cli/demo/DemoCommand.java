package io.understudy.cli.demo;

import io.understudy.cli.audit.AuditCommand;
import io.understudy.harness.ChaosRun;
import io.understudy.harness.DemoReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code understudy demo}: the main job (see {@link ChaosRun}). */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs the whole pipeline on this machine (local Kafka + registry, bridge, primary node a, backup"
                + " node b, selector, each its own process), drives traffic, kills the current primary with SIGKILL"
                + " and restarts it, --failovers times, then counts every egress record. Exit code 0 only when"
                + " nothing was lost, duplicated or reordered.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--flows", defaultValue = "100", description = "Simulated flows (default ${DEFAULT-VALUE}).")
    int flows;

    @Option(names = "--rate", defaultValue = "1000", description = "Packets per second in total (default ${DEFAULT-VALUE}).")
    int rate;

    // 60 s: each kill waits for the previous one's restarted node to catch up, which takes ~20 s while
    // the JVMs warm up on two cores; in 30 s the second and third kills came after the traffic ended
    @Option(names = "--duration", defaultValue = "60", description = "Seconds of traffic (default ${DEFAULT-VALUE}).")
    int durationSeconds;

    @Option(names = "--failovers", defaultValue = "3", description = "How many times to kill the primary (default ${DEFAULT-VALUE}).")
    int failovers;

    @Option(names = "--first-kill", paramLabel = "SECONDS", description = "Seconds of traffic before the first kill,"
            + " the others evenly spaced after it (default: every kill evenly spaced over the duration); e.g. after"
            + " the JVMs' warm-up, to see failover without its backlog.")
    Integer firstKillSeconds;

    @Option(names = "--partitions", defaultValue = "3", description = "Ingress partitions (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--payload-size", defaultValue = "100", description = "Bytes per packet (default ${DEFAULT-VALUE}).")
    int payloadSize;

    @Option(names = "--function", defaultValue = "passthrough", description = "Traffic function: passthrough, router"
            + " (the demo writes its routing table) or security-engine (the demo makes the nodes' key; the client"
            + " encrypts) (default ${DEFAULT-VALUE}).")
    String function;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A setting for the nodes and the selector, e.g. commit.interval.ms=50 (repeatable); each gets the"
                    + " keys it knows, and a key neither knows is refused.")
    java.util.Map<String, String> roleSettings = new java.util.LinkedHashMap<>();

    @Option(names = "--late-backup", description = "Start backup node b only after traffic started: the primary"
            + " synchronizes it with live sessions (checkpoints, acknowledgements, declaration) before the first kill.")
    boolean lateBackup;

    @Option(names = "--audit", description = "At the end, before the stack stops, run `understudy audit` on the whole"
            + " run (report in audit.json in the work directory); the exit code is then 0 only when the audit is clean too.")
    boolean audit;

    @Option(names = "--kill", defaultValue = "node", description = "What each kill hits: node (the primary, the"
            + " default), selector (the active selector; a standby selector runs), both (in turn, node first),"
            + " instance (one instance of the primary node, with --node-instances 2 or more: only its partitions fail"
            + " over) or bridge (the ingress bridge, started again on its port; the endpoints retry what it left"
            + " unanswered, with the packets' numbers, and the nodes apply each packet once).")
    String kill;

    @Option(names = "--node-instances", defaultValue = "1", description = "Run each node as this many Kafka Streams"
            + " instances (processes a1, a2, ... and b1, b2, ...) sharing its partitions (default ${DEFAULT-VALUE}).")
    int nodeInstances;

    @Option(names = "--work-dir", description = "Where the stack, state and logs go (default: a new directory under .understudy/demo).")
    Path workDir;

    @Override
    public Integer call() throws Exception {
        if (failovers < 0 || rate < 1 || flows < 1 || durationSeconds < 1 || partitions < 1) {
            System.err.println("flows, rate, duration and partitions must be at least 1, failovers at least 0");
            return 2;
        }
        try {
            io.understudy.harness.traffic.ClientProtocol.of(function);
        } catch (IllegalArgumentException e) {
            System.err.println("--function: " + e.getMessage());
            return 2;
        }
        if (firstKillSeconds != null && (firstKillSeconds < 0 || firstKillSeconds >= durationSeconds)) {
            System.err.println("--first-kill must be at least 0 and less than --duration (" + durationSeconds + " s)");
            return 2;
        }
        ChaosRun.KillTarget target;
        try {
            target = ChaosRun.KillTarget.valueOf(kill.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            System.err.println("--kill must be node, selector, both, instance or bridge, not '" + kill + "'");
            return 2;
        }
        if (nodeInstances < 1 || target == ChaosRun.KillTarget.INSTANCE && nodeInstances < 2) {
            System.err.println("--node-instances must be at least 1, and at least 2 with --kill instance (not "
                    + nodeInstances + ")");
            return 2;
        }
        Path dir = workDir != null ? workDir
                : Files.createDirectories(Path.of(".understudy", "demo")).resolve("run-" + System.currentTimeMillis());
        Files.createDirectories(dir);
        System.out.println("work directory (logs, state): " + dir.toAbsolutePath());
        ChaosRun.Options options = new ChaosRun.Options(flows, rate, Duration.ofSeconds(durationSeconds), failovers,
                partitions, payloadSize, function, dir.toAbsolutePath(), roleSettings, lateBackup,
                firstKillSeconds == null ? null : Duration.ofSeconds(firstKillSeconds));
        int[] auditExit = {0};
        ChaosRun run = new ChaosRun(options, System.out).withKillTarget(target).withNodeInstances(nodeInstances);
        if (audit) {
            run.withInspection((endpoints, topics, functionArgs) -> {
                System.out.println("auditing the whole run (understudy audit) ...");
                List<String> args = new ArrayList<>(List.of("--bootstrap-servers", endpoints.bootstrapServers(),
                        "--schema-registry-url", endpoints.schemaRegistryUrl(), "--json",
                        dir.resolve("audit.json").toAbsolutePath().toString()));
                args.addAll(functionArgs);
                auditExit[0] = new CommandLine(new AuditCommand()).execute(args.toArray(String[]::new));
            });
        }
        ChaosRun.Result result = run.run();
        DemoReport.print(result, System.out);
        if (audit) {
            System.out.println("AUDIT " + (auditExit[0] == 0 ? "clean" : "FAILED (exit code " + auditExit[0] + ")"));
        }
        return result.tally().clean() && auditExit[0] == 0 ? 0 : 1;
    }
}
