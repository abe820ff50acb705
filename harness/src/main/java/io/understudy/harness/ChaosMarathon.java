package io.understudy.harness;

import static io.understudy.harness.ChaosRun.require;
import static io.understudy.harness.ChaosRun.sleepUntil;

import io.understudy.harness.ChaosSchedule.Fault;
import io.understudy.harness.ChaosSchedule.Kind;
import io.understudy.harness.traffic.EgressVerifier;
import io.understudy.harness.traffic.Payloads;
import io.understudy.harness.traffic.ReconnectingTcpLink;
import io.understudy.harness.traffic.SentLog;
import io.understudy.harness.traffic.TrafficGenerator;
import io.understudy.records.EgressRecord;
import io.understudy.records.Heartbeat;
import io.understudy.records.LeaderChange;
import io.understudy.records.PartitionProgress;
import io.understudy.records.SyncState;
import io.understudy.schemas.registry.SchemaRegistryClient;
import io.understudy.schemas.serde.AvroSerde;
import io.understudy.stack.StackEndpoints;
import io.understudy.stack.kafka.BrokerOptions;
import io.understudy.stack.kafka.BrokerProcess;
import io.understudy.stack.registry.ApicurioRegistryProcess;
import io.understudy.stack.registry.RegistryOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A seeded random fault marathon ({@code understudy chaos}) on the demo's kind of local deployment:
 * the broker and the schema registry each a process of their own, the bridge, nodes a and b and two
 * selector instances each a process of their own, traffic from endpoints that retry numbered packets
 * throughout, and the faults of a {@link ChaosSchedule} one after the other. A node fault is aimed at
 * the leader or a backup when it comes; it is skipped (and reported) when it would hit the last
 * synchronized node of a partition, unless asked otherwise. At the end every record is counted as the
 * demo counts it, the audit runs over the whole run, and the gap each fault caused is reported by kind.
 */
public final class ChaosMarathon {

    /**
     * @param schedule        the schedule's settings (its seed among them)
     * @param flows           simulated flows
     * @param rate            packets per second, in total
     * @param partitions      ingress partitions
     * @param function        traffic function of the nodes
     * @param workDir         where the processes' data and logs go
     * @param faultLastSynced whether a node fault may hit the last synchronized node of a partition
     */
    public record Options(ChaosSchedule.Settings schedule, int flows, int rate, int partitions, String function,
                          Path workDir, boolean faultLastSynced) {
    }

    /**
     * One fault as it went.
     *
     * @param fault   the planned fault
     * @param at      when it was injected (epoch ms), 0 when skipped
     * @param target  the process it hit ("a", "b", "selector-2", "bridge", "broker"), or why it was skipped
     * @param skipped whether it was skipped
     * @param gapMs   the longest egress pause on one partition that spans or follows it (within the window)
     */
    public record Outcome(Fault fault, long at, String target, boolean skipped, long gapMs) {
    }

    /**
     * @param tally    every record counted
     * @param outcomes every fault of the schedule, in order
     * @param audit    the audit's exit code (0: clean)
     */
    public record Result(EgressTally.Result tally, List<Outcome> outcomes, int audit) {

        public long injected() {
            return outcomes.stream().filter(o -> !o.skipped()).count();
        }

        public long maxGapMs() {
            return outcomes.stream().filter(o -> !o.skipped()).mapToLong(Outcome::gapMs).max().orElse(0);
        }

        public boolean clean() {
            return tally.clean() && tally.unexpected() == 0 && audit == 0;
        }
    }

    /** Runs the audit over the deployment before it stops; returns its exit code. */
    @FunctionalInterface
    public interface Audit {
        int run(StackEndpoints endpoints, List<String> functionArgs) throws Exception;
    }

    private static final List<String> NODES = List.of("a", "b");
    /** How long after a fault an egress pause counts as the fault's. */
    private static final long GAP_WINDOW_MS = 10_000;
    /** A node's heartbeat older than this does not count it synchronized. */
    private static final long FRESH_MS = 2_000;

    private final Options options;
    private final PrintStream progress;
    private final Map<String, Heartbeat> heartbeats = new ConcurrentHashMap<>();
    private final Map<String, Long> heardAt = new ConcurrentHashMap<>();

    public ChaosMarathon(Options options, PrintStream progress) {
        this.options = options;
        this.progress = progress;
    }

    public Result run(Audit audit) throws Exception {
        List<Fault> faults = ChaosSchedule.draw(options.schedule());
        FunctionSetup setup = FunctionSetup.prepare(options.function(), options.workDir());
        progress.println("starting the broker and the schema registry, each its own process ...");
        BrokerProcess broker = BrokerProcess.start(BrokerOptions.defaults()
                .withDataDir(options.workDir().resolve("kafka")).withKeepData(true));
        ApicurioRegistryProcess registryProcess;
        try {
            registryProcess = ApicurioRegistryProcess.start(RegistryOptions.defaults()
                    .withLogFile(options.workDir().resolve("logs").resolve("registry.log")));
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        AutoCloseable infrastructure = () -> {
            registryProcess.close();
            broker.close();
        };
        StackEndpoints endpoints = new StackEndpoints(broker.bootstrapServers(), registryProcess.url());
        try (Deployment deployment = onCluster(endpoints, infrastructure, setup);
             SchemaRegistryClient registry = SchemaRegistryClient.forUrl(endpoints.schemaRegistryUrl())) {
            return run(deployment, registry, broker, setup, faults, audit);
        }
    }

    private Deployment onCluster(StackEndpoints endpoints, AutoCloseable infrastructure, FunctionSetup setup) {
        try {
            return Deployment.onCluster(endpoints, infrastructure, options.workDir(), options.partitions(), NODES,
                    options.function(), Map.of(), setup.nodeSettings());
        } catch (RuntimeException e) {
            try {
                infrastructure.close();
            } catch (Exception closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private Result run(Deployment deployment, SchemaRegistryClient registry, BrokerProcess broker, FunctionSetup setup,
                       List<Fault> faults, Audit audit) throws Exception {
        String bootstrap = deployment.endpoints().bootstrapServers();
        LeadershipWatch leadership = new LeadershipWatch();
        HeartbeatWatch caughtUp = new HeartbeatWatch();
        EgressClock clock = new EgressClock();
        Map<Integer, EgressClock> partitionClocks = new ConcurrentHashMap<>();
        AvroSerde<EgressRecord> egressSerde = AvroSerde.forValues(EgressRecord.class, registry);
        try (TopicTail<LeaderChange> leadershipTail = new TopicTail<>(bootstrap, deployment.topics().leadership(),
                     AvroSerde.forValues(LeaderChange.class, registry).deserializer(), true,
                     r -> leadership.accept(r.value())).start();
             TopicTail<Heartbeat> heartbeatTail = TopicTail.heartbeats(bootstrap, deployment.topics(), NODES,
                     AvroSerde.forValues(Heartbeat.class, registry).deserializer(), heartbeat -> {
                         caughtUp.accept(heartbeat);
                         heartbeats.put(heartbeat.getNodeId(), heartbeat);
                         heardAt.put(heartbeat.getNodeId(), System.currentTimeMillis());
                     }).start();
             TopicTail<EgressRecord> egressTail = new TopicTail<>(bootstrap, deployment.topics().egress(),
                     egressSerde.deserializer(), true, r -> {
                         long now = System.currentTimeMillis();
                         clock.accept(r.value(), now);
                         partitionClocks.computeIfAbsent(r.partition(), p -> new EgressClock()).accept(r.value(), now);
                     }).start()) {
            progress.println("starting bridge, node a (primary), node b (backup) and selectors 1 and 2 ...");
            deployment.startBridge();
            deployment.startNode("a", "--initial-primary");
            deployment.startNode("b");
            deployment.startSelector("a");
            deployment.startSelector("a", "2");
            Map<Integer, Long> start = new HashMap<>();
            for (int p = 0; p < options.partitions(); p++) {
                start.put(p, -1L);
            }
            for (String node : NODES) {
                require(caughtUp.awaitCaughtUp(node, start, 240_000), "node " + node + " did not start; see "
                        + deployment.node(node).logFile());
            }
            require(leadership.awaitLeaders(options.partitions(), 120_000), "the selector chose no leader; see "
                    + options.workDir().resolve("logs"));

            EgressTally tally = new EgressTally();
            TrafficGenerator.Settings traffic = new TrafficGenerator.Settings(setup.protocol(), options.flows(),
                    options.rate(), new Payloads(64, options.schedule().seed()), setup.nodePublicKey(), "chaos-flow-");
            ReconnectingTcpLink link = ReconnectingTcpLink.to("127.0.0.1", deployment.bridgeTcpPort(),
                    TrafficDriver.connectionsFor(traffic), Duration.ofSeconds(180));
            List<Outcome> outcomes = new ArrayList<>();
            try (SentLog sentLog = SentLog.create(options.workDir().resolve("sent.tsv"), "function="
                    + options.function() + " flows=" + options.flows() + " payload-size=64");
                 TrafficDriver driver = new TrafficDriver(link, traffic, tally, sentLog)) {
                driver.start(Duration.ofDays(1)); // stopped after the last fault
                long begin = System.currentTimeMillis();
                List<Long> injectedAt = new ArrayList<>();
                List<Outcome> pending = new ArrayList<>();
                for (Fault fault : faults) {
                    sleepUntil(begin + fault.atMs());
                    Outcome outcome = inject(deployment, broker, leadership, caughtUp, fault);
                    progress.printf("  %s -> %s%n", fault.describe(), outcome.skipped() ? "skipped: " + outcome.target()
                            : outcome.target());
                    pending.add(outcome);
                    if (!outcome.skipped()) {
                        injectedAt.add(outcome.at());
                    }
                }
                Thread.sleep(GAP_WINDOW_MS); // traffic after the last fault, so its gap can be seen
                driver.stop();
                driver.awaitDone(Duration.ofSeconds(240));
                clock.awaitCount(driver.acked(), 60_000, progress);
                for (Outcome outcome : pending) {
                    long gap = outcome.skipped() ? 0 : maxGapAfter(partitionClocks, outcome.at());
                    outcomes.add(new Outcome(outcome.fault(), outcome.at(), outcome.target(), outcome.skipped(), gap));
                }
                sentLog.close();
                tally.verifyWith(new EgressVerifier(setup.protocol(), SentLog.read(sentLog.file()), setup.router()));
                for (LeaderChange change : leadership.changes()) {
                    tally.leaderChange(change);
                }
                TopicReader.readAll(bootstrap, deployment.topics().egress(), egressSerde.deserializer(),
                        record -> tally.egress(record.value()));
                tally.mismatchExamples().forEach(m -> progress.println("  ! payload mismatch: " + m));
                progress.printf("the endpoints sent %,d packets more than once (%,d resends, %,d reconnections)%n",
                        link.retriedPackets(), link.resends(), link.reconnects());
                leadershipTail.check();
                heartbeatTail.check();
                egressTail.check();
                List<String> functionArgs = new ArrayList<>(List.of("--function", options.function()));
                functionArgs.addAll(setup.nodeArgs());
                int auditExit = audit.run(deployment.endpoints(), functionArgs);
                return new Result(tally.result(), outcomes, auditExit);
            }
        }
    }

    /** Injects one fault and returns once it is over (a killed process restarted, a frozen one resumed). */
    private Outcome inject(Deployment deployment, BrokerProcess broker, LeadershipWatch leadership,
                           HeartbeatWatch caughtUp, Fault fault) throws Exception {
        long at = System.currentTimeMillis();
        switch (fault.kind()) {
            case NODE_KILL, NODE_FREEZE -> {
                String node = nodeFor(fault, leadership.leaders());
                String last = options.faultLastSynced() ? null : lastSynchronized(deployment, node);
                if (last != null) {
                    return new Outcome(fault, 0, node + " is " + last, true, 0);
                }
                at = System.currentTimeMillis();
                if (fault.kind() == Kind.NODE_KILL) {
                    deployment.kill9(node);
                    caughtUp.forget(node);
                    heartbeats.remove(node);
                    if (leadership.leaders().containsValue(node)) {
                        leadership.awaitLeaderOtherThan(node, options.partitions(), 60_000);
                    }
                    deployment.restart(node);
                    awaitCaughtUp(deployment, caughtUp, node);
                } else {
                    long pid = deployment.node(node).pid();
                    signal(pid, "STOP");
                    Thread.sleep(fault.holdMs());
                    signal(pid, "CONT");
                    awaitCaughtUp(deployment, caughtUp, node);
                }
                return new Outcome(fault, at, "node " + node, false, 0);
            }
            case SELECTOR_KILL, SELECTOR_FREEZE -> {
                String active = deployment.activeSelector(Duration.ofSeconds(15));
                if (active == null) {
                    return new Outcome(fault, 0, "no selector owns the shard", true, 0);
                }
                at = System.currentTimeMillis();
                if (fault.kind() == Kind.SELECTOR_KILL) {
                    deployment.killSelector(active);
                    awaitOtherSelector(deployment, active);
                    deployment.startSelector("a", active);
                } else {
                    long pid = deployment.selector(active).pid();
                    signal(pid, "STOP");
                    Thread.sleep(fault.holdMs());
                    signal(pid, "CONT");
                }
                return new Outcome(fault, at, "selector " + active, false, 0);
            }
            case BRIDGE_KILL -> {
                deployment.killBridge();
                Thread.sleep(1_000); // the endpoints find the port closed meanwhile, and keep trying
                deployment.startBridge();
                return new Outcome(fault, at, "bridge", false, 0);
            }
            case BROKER_RESTART -> {
                broker.kill9();
                broker.restart();
                for (String node : NODES) {
                    awaitCaughtUp(deployment, caughtUp, node);
                }
                return new Outcome(fault, at, "broker", false, 0);
            }
            default -> throw new IllegalStateException("unhandled fault kind " + fault.kind());
        }
    }

    /** The node a node fault hits: the one leading the most partitions, or the other. */
    private static String nodeFor(Fault fault, Map<Integer, String> leaders) {
        long ledByA = leaders.values().stream().filter("a"::equals).count();
        long ledByB = leaders.values().stream().filter("b"::equals).count();
        String leader = ledByA >= ledByB ? "a" : "b";
        return fault.target() == ChaosSchedule.Target.LEADER ? leader : leader.equals("a") ? "b" : "a";
    }

    /**
     * Why {@code node} must not be faulted (it is the last synchronized node of a partition, by the
     * fresh heartbeats of live nodes), or null when another synchronized node stands by on each of its
     * partitions.
     */
    private String lastSynchronized(Deployment deployment, String node) {
        long now = System.currentTimeMillis();
        for (int p = 0; p < options.partitions(); p++) {
            int synced = 0;
            boolean nodeSynced = false;
            for (String other : NODES) {
                if (synchronizedOn(deployment, other, p, now)) {
                    synced++;
                    nodeSynced |= other.equals(node);
                }
            }
            if (nodeSynced && synced == 1) {
                return "the last synchronized node of partition " + p;
            }
        }
        return null;
    }

    private boolean synchronizedOn(Deployment deployment, String node, int partition, long now) {
        Heartbeat heartbeat = heartbeats.get(node);
        Long heard = heardAt.get(node);
        if (heartbeat == null || heard == null || now - heard > FRESH_MS || !deployment.node(node).isAlive()) {
            return false;
        }
        for (PartitionProgress progress : heartbeat.getPartitions()) {
            if (progress.getPartition() == partition) {
                return progress.getSyncState() == SyncState.SYNCHRONIZED;
            }
        }
        return false;
    }

    private void awaitCaughtUp(Deployment deployment, HeartbeatWatch caughtUp, String node) throws InterruptedException {
        Map<Integer, Long> ends = new HashMap<>();
        TopicReader.endOffsets(deployment.endpoints().bootstrapServers(), deployment.topics().ingress())
                .forEach((p, end) -> ends.put(p, end - 1));
        if (!caughtUp.awaitCaughtUp(node, ends, 180_000)) {
            progress.printf("  ! node %s did not catch up within 180 s; see %s%n", node, deployment.node(node).logFile());
        }
    }

    private void awaitOtherSelector(Deployment deployment, String killed) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            String active = deployment.activeSelector(Duration.ofMillis(300));
            if (active != null && !active.equals(killed)) {
                return;
            }
        }
        progress.printf("  ! no selector took the shard over from %s within 30 s%n", killed);
    }

    /** The longest egress pause on one partition that spans or follows {@code at}, within the window. */
    private static long maxGapAfter(Map<Integer, EgressClock> clocks, long at) {
        long max = 0;
        for (EgressClock partitionClock : clocks.values()) {
            max = Math.max(max, partitionClock.gapsAround(List.of(at), GAP_WINDOW_MS).get(0));
        }
        return max;
    }

    /** The table of faults by kind (count, skipped, the gaps they caused) and the RESULT line. */
    public static void print(Result result, long seed, PrintStream out) {
        Map<Kind, List<Outcome>> byKind = new EnumMap<>(Kind.class);
        result.outcomes().forEach(o -> byKind.computeIfAbsent(o.fault().kind(), k -> new ArrayList<>()).add(o));
        out.println();
        out.println("| fault           | injected | skipped | gap p50 (ms) | gap max (ms) |");
        out.println("|-----------------|---------:|--------:|-------------:|-------------:|");
        byKind.forEach((kind, outcomes) -> {
            List<Long> gaps = outcomes.stream().filter(o -> !o.skipped()).map(Outcome::gapMs).sorted().toList();
            out.printf("| %-15s | %8d | %7d | %12s | %12s |%n", kind.label(), gaps.size(), outcomes.size() - gaps.size(),
                    gaps.isEmpty() ? "-" : Long.toString(gaps.get(gaps.size() / 2)),
                    gaps.isEmpty() ? "-" : Long.toString(gaps.get(gaps.size() - 1)));
        });
        out.println(resultLine(result, seed));
    }

    public static String resultLine(Result result, long seed) {
        EgressTally.Result t = result.tally();
        return "RESULT seed=" + seed + " faults=" + result.outcomes().size() + " injected=" + result.injected()
                + " sent=" + t.sent() + " egress=" + t.egress() + " lost=" + t.lost() + " duplicated=" + t.duplicated()
                + " reordered=" + t.reordered() + " wrong_leader=" + t.wrongLeader() + " mismatched=" + t.mismatched()
                + " unexpected=" + t.unexpected() + " max_gap_ms=" + result.maxGapMs() + " audit="
                + (result.audit() == 0 ? "clean" : "FAILED");
    }

    static void signal(long pid, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        require(kill.waitFor() == 0, "kill -" + signal + " " + pid + " failed");
    }
}
