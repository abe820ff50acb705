package io.understudy.harness;

import io.understudy.harness.traffic.EgressVerifier;
import io.understudy.harness.traffic.Payloads;
import io.understudy.harness.traffic.ReconnectingTcpLink;
import io.understudy.harness.traffic.SentLog;
import io.understudy.harness.traffic.TrafficGenerator;
import io.understudy.records.EgressRecord;
import io.understudy.records.Heartbeat;
import io.understudy.records.LeaderChange;
import io.understudy.schemas.registry.SchemaRegistryClient;
import io.understudy.schemas.serde.AvroSerde;
import io.understudy.schemas.topics.TopicNames;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The main job: a primary and a backup behind the selector, traffic through the bridge, and the
 * current primary killed with SIGKILL (then restarted) again and again; afterwards the whole egress
 * topic is read independently and every record counted against what the bridge acknowledged, and
 * every payload checked against what the client sent (the sent log, {@code sent.tsv} in the work
 * directory): decrypted plaintext for the security engine, destination and NAT for the router.
 */
public final class ChaosRun {

    /**
     * @param flows       simulated flows
     * @param rate        packets per second, in total
     * @param duration    how long traffic flows
     * @param failovers   how many times the current primary is killed
     * @param partitions  ingress partitions
     * @param payloadSize bytes per packet
     * @param function    traffic function of the nodes
     * @param workDir     where the stack, the state and the logs go
     * @param roleSettings settings given to the nodes and the selector (commit.interval.ms, streams.*, ...)
     * @param lateBackup  start node b only after traffic started: it is synchronized by the primary
     *                    (docs/design.md, Synchronization) before the first kill
     * @param firstKill   when the first kill comes, from the start of the traffic, the others evenly spaced
     *                    after it; null spaces every kill evenly over the duration
     */
    public record Options(int flows, int rate, Duration duration, int failovers, int partitions, int payloadSize,
                          String function, Path workDir, Map<String, String> roleSettings, boolean lateBackup,
                          Duration firstKill) {

        public Options {
            roleSettings = Map.copyOf(roleSettings);
            if (firstKill != null && (firstKill.isNegative() || firstKill.compareTo(duration) >= 0)) {
                throw new IllegalArgumentException("the first kill must come within the traffic's " + duration.toSeconds()
                        + " s, not at " + firstKill.toSeconds() + " s");
            }
        }

        /** Both nodes from the start, kills evenly spaced. */
        public Options(int flows, int rate, Duration duration, int failovers, int partitions, int payloadSize,
                       String function, Path workDir, Map<String, String> roleSettings) {
            this(flows, rate, duration, failovers, partitions, payloadSize, function, workDir, roleSettings, false, null);
        }

        /**
         * When each kill comes, from the start of the traffic: by default at every {@code duration /
         * (failovers + 1)}; with {@code firstKill} at that time, then evenly over the rest of the
         * duration, the last one as far from the end as from the one before it.
         */
        public List<Duration> killSchedule() {
            Duration first = firstKill != null ? firstKill : duration.dividedBy(failovers + 1);
            List<Duration> schedule = new ArrayList<>(failovers);
            for (int i = 0; i < failovers; i++) {
                schedule.add(first.plus(duration.minus(first).multipliedBy(i).dividedBy(failovers)));
            }
            return schedule;
        }
    }

    /**
     * @param tally       the independent count of the egress topic
     * @param failovers   kills after which every partition moved to another leader
     * @param steadyGapMs the longest egress gap away from kills
     * @param p50Ms       ingress-to-egress latency, median
     * @param p99Ms       ingress-to-egress latency, 99th percentile
     * @param refused     packets the bridge did not acknowledge
     * @param changes     every leadership decision
     * @param backupSyncMs with a late backup, from its start until it reported being synchronized on
     *                    every partition; -1 without
     * @param killOutcomes every kill of the primary, in order
     */
    public record Result(EgressTally.Result tally, long failovers, long steadyGapMs, long p50Ms, long p99Ms,
                         long refused, List<LeaderChange> changes, long backupSyncMs, List<KillOutcome> killOutcomes) {

        public Result {
            killOutcomes = List.copyOf(killOutcomes);
        }

        /** How many primaries were killed. */
        public int kills() {
            return killOutcomes.size();
        }

        /** The longest egress gap around a kill (0 without kills). */
        public long maxGapMs() {
            return killOutcomes.stream().mapToLong(KillOutcome::gapMs).max().orElse(0);
        }
    }

    /**
     * One kill of the primary, for the report.
     *
     * @param secondsIn  when, in seconds from the start of the traffic
     * @param lagAtKill  records acknowledged but not yet on egress at the kill: a backlog the new leader
     *                   must work through too, which a gap that follows a kill may hold
     * @param gapMs      the longest egress gap that spans or follows the kill (within 5 s)
     * @param inTraffic  whether traffic still flowed at the kill: a kill waits until the node killed
     *                   before it caught up again, which can take it past the end of the traffic
     * @param restart    how long the killed node took from its restart to caught up, split; null if not timed
     */
    public record KillOutcome(long secondsIn, long lagAtKill, long gapMs, boolean inTraffic, String target,
                              RestartTiming restart) {

        /** A kill of the primary node whose restart was not timed. */
        public KillOutcome(long secondsIn, long lagAtKill, long gapMs, boolean inTraffic) {
            this(secondsIn, lagAtKill, gapMs, inTraffic, "node", null);
        }

        /** A kill of the primary node. */
        public KillOutcome(long secondsIn, long lagAtKill, long gapMs, boolean inTraffic, RestartTiming restart) {
            this(secondsIn, lagAtKill, gapMs, inTraffic, "node", restart);
        }
    }

    /**
     * What each kill hits: the primary node, the active selector, each in turn (node first), one
     * instance of the primary node (the one holding partition 0; the node runs as several), or the
     * ingress bridge (killed and started again on its port, while the endpoints retry what it left
     * unanswered).
     */
    public enum KillTarget {
        NODE, SELECTOR, BOTH, INSTANCE, BRIDGE;

        /** What the {@code index}-th kill (from 0) hits: "node", "selector", "instance" or "bridge". */
        String at(int index) {
            return switch (this) {
                case NODE -> "node";
                case SELECTOR -> "selector";
                case BOTH -> index % 2 == 0 ? "node" : "selector";
                case INSTANCE -> "instance";
                case BRIDGE -> "bridge";
            };
        }
    }

    private static final List<String> NODES = List.of("a", "b");

    /**
     * How long a kill waits for the failover before it restarts the node anyway. Only a bound: a
     * failover is counted from the leadership log after the run ({@link FailoverCount}), so a slow
     * one on a busy machine still counts, and a node restarted before it was replaced is not one.
     */
    private static final long FAILOVER_WAIT_MS = 60_000;

    /** How long after a kill an egress gap counts as the kill's. */
    private static final long KILL_GAP_WINDOW_MS = 5_000;

    /**
     * Looks at the deployment after the run was counted, while every process and the stack still
     * run (the demo's --audit and tests audit, replay and tamper with the topics here).
     */
    @FunctionalInterface
    public interface Inspection {
        /**
         * @param functionArgs the nodes' function options ({@code --function F --set function.KEY=VALUE ...}),
         *                     for commands that must run the very function the nodes ran
         */
        void inspect(io.understudy.stack.StackEndpoints endpoints, io.understudy.schemas.topics.TopicNames topics,
                     List<String> functionArgs) throws Exception;
    }

    private final Options options;
    private final PrintStream progress;
    private Inspection inspection = (endpoints, topics, functionArgs) -> { };
    private KillTarget killTarget = KillTarget.NODE;
    private int nodeInstances = 1;

    public ChaosRun(Options options, PrintStream progress) {
        this.options = options;
        this.progress = progress;
    }

    /**
     * What the kills hit. With the selector among the targets a second selector instance runs, as a
     * standby that takes over when the active one is killed.
     */
    public ChaosRun withKillTarget(KillTarget target) {
        this.killTarget = target;
        return this;
    }

    /**
     * Runs each node as {@code instances} Kafka Streams instances of its application (a1, a2, ...;
     * b1, b2, ...), each a process of its own sharing the node's partitions.
     */
    public ChaosRun withNodeInstances(int instances) {
        if (instances < 1) {
            throw new IllegalArgumentException("a node runs as at least one instance, not " + instances);
        }
        this.nodeInstances = instances;
        return this;
    }

    /** Runs {@code inspection} at the end of the run, before anything is stopped. */
    public ChaosRun withInspection(Inspection inspection) {
        this.inspection = inspection;
        return this;
    }

    /**
     * Runs the job in its phases, each a method below: <b>prepare</b> (the function's files, the
     * stack, every topic and schema, the watches of the leadership, heartbeat and egress topics),
     * <b>start</b> the roles and wait for every partition's leader, <b>drive</b> traffic and
     * <b>kill</b> on schedule (with a late backup, <b>join</b> it first), <b>drain</b> until egress
     * caught up, <b>count</b> the whole egress topic and the leadership log independently, and
     * <b>inspect</b> the deployment before anything stops.
     */
    public Result run() throws Exception {
        FunctionSetup setup = FunctionSetup.prepare(options.function(), options.workDir());
        progress.println("starting the local Kafka broker and schema registry ...");
        try (Deployment deployment = Deployment.prepare(options.workDir(), options.partitions(), NODES, options.function(),
                options.roleSettings(), setup.nodeSettings());
             Watches watches = Watches.start(deployment)) {
            startRoles(deployment, watches);
            EgressTally tally = new EgressTally();
            announceTraffic();
            TrafficGenerator.Settings trafficSettings = trafficSettings(setup);
            // with the bridge among the targets the endpoints retry what it left unanswered (numbered, so the
            // nodes apply a packet once even when its first attempt reached Kafka too)
            ReconnectingTcpLink retrying = killTarget == KillTarget.BRIDGE
                    ? ReconnectingTcpLink.to("127.0.0.1", deployment.bridgeTcpPort(),
                            TrafficDriver.connectionsFor(trafficSettings), Duration.ofSeconds(120))
                    : null;
            try (SentLog sentLog = SentLog.create(options.workDir().resolve("sent.tsv"), "function="
                    + options.function() + " flows=" + options.flows() + " payload-size=" + options.payloadSize());
                 TrafficDriver traffic = retrying != null ? new TrafficDriver(retrying, trafficSettings, tally, sentLog)
                         : new TrafficDriver("127.0.0.1", deployment.bridgeTcpPort(), trafficSettings, tally, sentLog);
                 ProgressTicker ticker = new ProgressTicker(progress, traffic, watches.clock, watches.leadership).start();
                 ResourceLog resources = new ResourceLog(options.workDir().resolve("resources.csv"),
                         deployment::livePids, traffic::acked, watches.clock::count, watches.leadership::failovers,
                         5_000, liveHeapAtSecond(options.duration())).start()) {
                traffic.start(options.duration());
                long begin = System.currentTimeMillis();
                long backupSyncMs = options.lateBackup() ? joinLateBackup(deployment, watches, begin) : -1;
                Kills kills = killOnSchedule(deployment, watches, traffic, begin);
                drain(traffic, watches.clock, begin);
                if (retrying != null) {
                    progress.printf("the endpoints sent %,d packets more than once (%,d resends, %,d reconnections);"
                            + " the nodes applied each numbered packet once%n", retrying.retriedPackets(),
                            retrying.resends(), retrying.reconnects());
                }
                resources.close();
                ResourceLog.printTable(resources.samples(), progress);
                resources.printLiveHeap(progress);
                progress.println("every sample: " + resources.file());
                long steadyGap = steadyGap(watches.clock, traffic.firstSendAt() + 1_000, traffic.lastSendAt(), kills.times);

                sentLog.close();
                List<LeaderChange> log = count(deployment, watches, tally, setup, sentLog.file());
                inspect(deployment, setup);
                long failovers = FailoverCount.of(log, kills.nodeKills, options.partitions()) + kills.selectorTakeovers
                        + kills.instanceFailovers;
                return new Result(tally.result(), failovers, steadyGap, watches.clock.latencyPercentile(50),
                        watches.clock.latencyPercentile(99), traffic.refused(), log, backupSyncMs,
                        kills.outcomes(watches.clock, begin, options.duration()));
            }
        }
    }

    /**
     * The live readers of a run, from its start to its end: who leads (the leadership topic), who
     * caught up (heartbeats), and when each egress record arrived.
     */
    private static final class Watches implements AutoCloseable {
        final LeadershipWatch leadership = new LeadershipWatch();
        final HeartbeatWatch heartbeats = new HeartbeatWatch();
        final EgressClock clock = new EgressClock();
        final String bootstrap;
        final SchemaRegistryClient registry;
        final AvroSerde<EgressRecord> egressSerde;
        final AvroSerde<LeaderChange> leadershipSerde;
        private final List<TopicTail<?>> tails = new ArrayList<>();

        private Watches(Deployment deployment) {
            this.bootstrap = deployment.endpoints().bootstrapServers();
            this.registry = SchemaRegistryClient.forUrl(deployment.endpoints().schemaRegistryUrl());
            this.egressSerde = AvroSerde.forValues(EgressRecord.class, registry);
            this.leadershipSerde = AvroSerde.forValues(LeaderChange.class, registry);
        }

        static Watches start(Deployment deployment) {
            Watches watches = new Watches(deployment);
            try {
                TopicNames topics = deployment.topics();
                watches.tails.add(new TopicTail<>(watches.bootstrap, topics.leadership(),
                        watches.leadershipSerde.deserializer(), true, r -> watches.leadership.accept(r.value())).start());
                watches.tails.add(TopicTail.heartbeats(watches.bootstrap, topics, NODES,
                        AvroSerde.forValues(Heartbeat.class, watches.registry).deserializer(), watches.heartbeats::accept)
                        .start());
                watches.tails.add(new TopicTail<>(watches.bootstrap, topics.egress(), watches.egressSerde.deserializer(),
                        true, r -> watches.clock.accept(r.value(), System.currentTimeMillis())).start());
                return watches;
            } catch (RuntimeException e) {
                watches.close();
                throw e;
            }
        }

        /** Throws what stopped a reader, if anything did: a count from a dead reader would be wrong. */
        void check() {
            tails.forEach(TopicTail::check);
        }

        @Override
        public void close() {
            tails.forEach(TopicTail::close);
            registry.close();
        }
    }

    /** What the kills of a run did, one entry per kill, for the report and the failover count. */
    private final class Kills {
        final List<Long> times = new ArrayList<>();
        final List<Long> lags = new ArrayList<>();
        final List<RestartTiming> restarts = new ArrayList<>();
        final List<FailoverCount.NodeKill> nodeKills = new ArrayList<>();
        long selectorTakeovers;
        /** Instance kills whose partitions all moved to another node. */
        long instanceFailovers;

        List<KillOutcome> outcomes(EgressClock clock, long begin, Duration duration) {
            List<Long> gaps = clock.gapsAround(times, KILL_GAP_WINDOW_MS);
            List<KillOutcome> outcomes = new ArrayList<>();
            for (int i = 0; i < times.size(); i++) {
                long at = times.get(i) - begin;
                outcomes.add(new KillOutcome(at / 1_000, lags.get(i), gaps.get(i), at < duration.toMillis(),
                        killTarget.at(i), restarts.get(i)));
            }
            return outcomes;
        }
    }

    /** Phase start: the bridge, the nodes and the selector group, until every partition has a leader. */
    private void startRoles(Deployment deployment, Watches watches) throws InterruptedException {
        progress.println(options.lateBackup()
                ? "starting bridge, node a (primary) and selector, each its own process; node b joins later ..."
                : "starting bridge, node a (primary), node b (backup) and selector, each its own process ...");
        deployment.startBridge();
        for (String process : Deployment.instancesOf("a", nodeInstances)) {
            deployment.startNodeProcess(process, "--initial-primary");
        }
        List<String> startNodes = options.lateBackup() ? List.of("a") : NODES;
        if (!options.lateBackup()) {
            for (String process : Deployment.instancesOf("b", nodeInstances)) {
                deployment.startNodeProcess(process); // synchronized by a through the protocol, with nothing to copy yet
            }
        }
        deployment.startSelector("a");
        if (killTarget != KillTarget.NODE) {
            deployment.startSelector("a", "2"); // the standby the kills of the active one hand over to
        }
        for (String node : startNodes) {
            require(watches.heartbeats.awaitCaughtUp(node, anyOffset(), 240_000), "node " + node + " did not start; see "
                    + logOf(deployment, node));
        }
        require(watches.leadership.awaitLeaders(options.partitions(), 120_000), "the selector chose no leader; see "
                + options.workDir().resolve("logs/selector.log"));
        deployment.selectorStatusPage().ifPresent(page -> progress.println("selector status page: " + page
                + " (understudy status reads the same from the topics)"));
    }

    /** Every partition at offset -1 or later: synchronized, whatever it has processed. */
    private Map<Integer, Long> anyOffset() {
        Map<Integer, Long> start = new HashMap<>();
        for (int p = 0; p < options.partitions(); p++) {
            start.put(p, -1L);
        }
        return start;
    }

    private void announceTraffic() {
        progress.printf("driving %d %s packets/s over %d flows for %d s; %d kills (%s)%n",
                options.rate(), options.function(), options.flows(), options.duration().toSeconds(),
                options.failovers(), switch (killTarget) {
                    case NODE -> "the primary node";
                    case SELECTOR -> "the active selector";
                    case BOTH -> "the primary node and the active selector in turn";
                    case INSTANCE -> "one instance of the primary node";
                    case BRIDGE -> "the ingress bridge, endpoints retrying numbered packets";
                });
    }

    private TrafficGenerator.Settings trafficSettings(FunctionSetup setup) {
        return new TrafficGenerator.Settings(setup.protocol(), options.flows(), options.rate(),
                new Payloads(options.payloadSize(), System.currentTimeMillis()), setup.nodePublicKey(), "flow-");
    }

    /**
     * Phase kill: each kill at its time in the schedule, the primary node or the active selector,
     * each restarted once it was replaced.
     */
    private Kills killOnSchedule(Deployment deployment, Watches watches, TrafficDriver traffic, long begin)
            throws InterruptedException {
        Kills kills = new Kills();
        List<Duration> schedule = options.killSchedule();
        for (int i = 0; i < options.failovers(); i++) {
            sleepUntil(begin + schedule.get(i).toMillis());
            long killedAt = System.currentTimeMillis();
            kills.times.add(killedAt);
            kills.lags.add(Math.max(0, traffic.acked() - watches.clock.count()));
            if ("node".equals(killTarget.at(i))) {
                String primary = watches.leadership.leaders().get(0);
                kills.nodeKills.add(new FailoverCount.NodeKill(killedAt, primary));
                kills.restarts.add(killAndRestartPrimary(deployment, primary, watches));
            } else if ("instance".equals(killTarget.at(i))) {
                if (killAndRestartPrimaryInstance(deployment, watches, kills.restarts)) {
                    kills.instanceFailovers++;
                }
            } else if ("bridge".equals(killTarget.at(i))) {
                killAndRestartBridge(deployment);
                kills.restarts.add(null); // a bridge's restart is not timed, and no failover
            } else {
                if (killAndRestartActiveSelector(deployment, watches.clock)) {
                    kills.selectorTakeovers++;
                }
                kills.restarts.add(null); // a selector's restart is not timed: the list stays one per kill
            }
        }
        return kills;
    }

    /**
     * Phase drain: the last kill can come long before the traffic ends (a 225 s spacing in an hour's
     * run); waits for the rest of the run, a minute for the last answers, then for egress to catch up.
     */
    private void drain(TrafficDriver traffic, EgressClock clock, long begin) throws Exception {
        long sendingLeft = Math.max(0, begin + options.duration().toMillis() - System.currentTimeMillis());
        traffic.awaitDone(Duration.ofMillis(sendingLeft).plusSeconds(60));
        clock.awaitCount(traffic.acked(), 30_000, progress);
    }

    /**
     * Phase count: every payload checked against the sent log, the whole egress topic and the whole
     * leadership log read independently of the live readers; returns the leadership log.
     */
    private List<LeaderChange> count(Deployment deployment, Watches watches, EgressTally tally, FunctionSetup setup,
                                     Path sent) throws java.io.IOException {
        tally.verifyWith(new EgressVerifier(setup.protocol(), SentLog.read(sent), setup.router()));
        progress.println("traffic done; reading the whole egress topic independently and checking every"
                + " payload against " + sent.getFileName() + " ...");
        watches.check();
        List<LeaderChange> log = new ArrayList<>();
        TopicReader.readAll(watches.bootstrap, deployment.topics().leadership(), watches.leadershipSerde.deserializer(),
                record -> log.add(record.value()));
        log.forEach(tally::leaderChange);
        TopicReader.readAll(watches.bootstrap, deployment.topics().egress(), watches.egressSerde.deserializer(),
                record -> tally.egress(record.value()));
        tally.mismatchExamples().forEach(m -> progress.println("  ! payload mismatch: " + m));
        watches.check();
        return log;
    }

    /** Phase inspect: the caller's look at the deployment, while every process and the stack still run. */
    private void inspect(Deployment deployment, FunctionSetup setup) throws Exception {
        List<String> functionArgs = new ArrayList<>(List.of("--function", options.function()));
        functionArgs.addAll(setup.nodeArgs());
        inspection.inspect(deployment.endpoints(), deployment.topics(), functionArgs);
    }

    /**
     * Phase join (with a late backup): node b starts while traffic flows, halfway to the first kill
     * (5 s at most), and the primary synchronizes it; returns how long that took.
     */
    private long joinLateBackup(Deployment deployment, Watches watches, long begin) throws InterruptedException {
        List<Duration> schedule = options.killSchedule();
        long firstKillMs = schedule.isEmpty() ? options.duration().toMillis() : schedule.get(0).toMillis();
        sleepUntil(begin + Math.min(5_000, firstKillMs / 2));
        progress.println("  node b joins the live traffic ...");
        long startedAt = System.currentTimeMillis();
        for (String process : Deployment.instancesOf("b", nodeInstances)) {
            deployment.startNodeProcess(process);
        }
        require(watches.heartbeats.awaitCaughtUp("b", anyOffset(), 180_000), "node b was not synchronized within 180 s;"
                + " see " + logOf(deployment, "b"));
        long took = System.currentTimeMillis() - startedAt;
        progress.printf("  node b synchronized on every partition %d ms after it started%n", took);
        return took;
    }

    /**
     * Kills the primary, waits for the failover (at most {@link #FAILOVER_WAIT_MS}: the count comes
     * from the leadership log afterwards, not from this wait), restarts the node and waits until it
     * caught up; returns how long its restart took, or null if it could not be timed.
     */
    private RestartTiming killAndRestartPrimary(Deployment deployment, String primary, Watches watches)
            throws InterruptedException {
        long killedAt = System.currentTimeMillis();
        for (String process : Deployment.instancesOf(primary, nodeInstances)) {
            deployment.kill9(process);
        }
        watches.heartbeats.forget(primary);
        progress.printf("  kill -9 %s (the primary)%n", primary);
        if (watches.leadership.awaitLeaderOtherThan(primary, options.partitions(), FAILOVER_WAIT_MS)) {
            progress.printf("  failover: %s now leads every partition (%d ms after the kill)%n",
                    watches.leadership.leaders().get(0), System.currentTimeMillis() - killedAt);
        } else {
            progress.printf("  ! no failover away from %s within %d s; restarting it%n", primary, FAILOVER_WAIT_MS / 1_000);
        }
        Path log = logOf(deployment, primary);
        long logFrom = RestartTiming.sizeOf(log);
        long restartedAt = System.currentTimeMillis();
        for (String process : Deployment.instancesOf(primary, nodeInstances)) {
            deployment.restart(process);
        }
        Map<Integer, Long> targets = new HashMap<>();
        TopicReader.endOffsets(watches.bootstrap, deployment.topics().ingress())
                .forEach((partition, end) -> targets.put(partition, end - 1));
        boolean caughtUp = watches.heartbeats.awaitCaughtUp(primary, targets, 90_000);
        long caughtUpAt = caughtUp ? System.currentTimeMillis() : -1;
        RestartTiming timing = null;
        try {
            timing = RestartTiming.fromLog(log, logFrom, restartedAt, caughtUpAt, java.time.ZoneId.systemDefault());
        } catch (java.io.IOException e) {
            progress.printf("  ! cannot read %s to time the restart: %s%n", log, e.getMessage());
        }
        if (caughtUp) {
            progress.printf("  %s restarted and caught up as a backup%s%n", primary,
                    timing == null ? "" : " (back to redundancy in " + timing.describe() + ")");
        } else {
            progress.printf("  ! %s did not catch up within 90 s; see %s%n", primary, log);
        }
        return timing;
    }

    /**
     * Kills the instance of the primary node that holds partition 0, waits until the partitions it
     * held are led by the other node (its siblings' partitions stay), restarts it and waits until it
     * caught up as a backup; true if its partitions failed over.
     */
    private boolean killAndRestartPrimaryInstance(Deployment deployment, Watches watches, List<RestartTiming> restarts)
            throws InterruptedException {
        LeadershipWatch leadership = watches.leadership;
        HeartbeatWatch heartbeats = watches.heartbeats;
        String bootstrap = watches.bootstrap;
        String primary = leadership.leaders().get(0);
        String instance = heartbeats.holderOf(primary, 0);
        if (instance == null || !instance.contains("/")) {
            progress.printf("  ! no instance of %s reports partition 0; nothing killed%n", primary);
            restarts.add(null);
            return false;
        }
        List<Integer> held = heartbeats.partitionsOf(instance);
        Map<Integer, String> leadersBefore = leadership.leaders();
        int changesBefore = leadership.changes().size();
        long killedAt = System.currentTimeMillis();
        deployment.kill9(instance);
        heartbeats.forget(instance);
        progress.printf("  kill -9 %s (an instance of the primary %s, holding partitions %s)%n", instance, primary, held);
        boolean failedOver = leadership.awaitLeaderOtherThanOn(primary, held, FAILOVER_WAIT_MS);
        if (!failedOver) {
            progress.printf("  ! partitions %s did not fail over within %d s%n", held, FAILOVER_WAIT_MS / 1_000);
        } else {
            long moved = leadership.changes().subList(changesBefore, leadership.changes().size()).stream()
                    .filter(c -> c.getLeader() != null && !held.contains(c.getPartition())
                            && !c.getLeader().equals(leadersBefore.get(c.getPartition()))).count();
            progress.printf("  failover: partitions %s led by another node %d ms after the kill; %d of the siblings'"
                    + " partitions moved%n", held, System.currentTimeMillis() - killedAt, moved);
        }
        Path log = deployment.node(instance).logFile();
        long logFrom = RestartTiming.sizeOf(log);
        long restartedAt = System.currentTimeMillis();
        deployment.restart(instance);
        Map<Integer, Long> targets = new HashMap<>();
        TopicReader.endOffsets(bootstrap, deployment.topics().ingress()).forEach((p, end) -> targets.put(p, end - 1));
        boolean caughtUp = heartbeats.awaitCaughtUp(instance, targets, 90_000);
        long caughtUpAt = caughtUp ? System.currentTimeMillis() : -1;
        RestartTiming timing = null;
        try {
            timing = RestartTiming.fromLog(log, logFrom, restartedAt, caughtUpAt, java.time.ZoneId.systemDefault());
        } catch (java.io.IOException e) {
            progress.printf("  ! cannot read %s to time the restart: %s%n", log, e.getMessage());
        }
        restarts.add(timing);
        progress.printf(caughtUp ? "  %s restarted and caught up as a backup on partitions %s%n"
                : "  ! %s did not catch up within 90 s (partitions %s)%n", instance, heartbeats.partitionsOf(instance));
        return failedOver;
    }

    /** The log of a node's process (its first instance's, when it runs as several). */
    private Path logOf(Deployment deployment, String node) {
        return deployment.node(Deployment.instancesOf(node, nodeInstances).get(0)).logFile();
    }

    /**
     * Kills the bridge with SIGKILL mid-traffic and starts it again on the same port a second later;
     * true once it listens again. Its packets in flight go unanswered: the endpoints send them again,
     * with their numbers, and those whose first attempt Kafka had taken are dropped by the nodes.
     */
    private boolean killAndRestartBridge(Deployment deployment) throws InterruptedException {
        long killedAt = System.currentTimeMillis();
        deployment.killBridge();
        progress.println("  kill -9 the ingress bridge");
        Thread.sleep(1_000); // the endpoints find the port closed meanwhile, and keep trying
        try {
            deployment.startBridge();
        } catch (IllegalStateException e) {
            progress.println("  ! the bridge did not start again: " + e.getMessage());
            return false;
        }
        progress.printf("  the bridge listens again (%d ms after the kill)%n", System.currentTimeMillis() - killedAt);
        return true;
    }

    /**
     * Kills the selector instance that owns the shard, waits until the standby took it over and egress
     * flows again, restarts the killed one (it comes back as the standby) and waits until it is heard
     * from; true if the standby took over.
     *
     * <p>The restart waits for egress because every process of the demo shares this machine's cores:
     * a JVM starting while the standby catches up would slow that catch-up, which a deployment, whose
     * dead selector restarts on its own machine, does not see.
     */
    private boolean killAndRestartActiveSelector(Deployment deployment, EgressClock clock) throws InterruptedException {
        String active = deployment.activeSelector(Duration.ofSeconds(15));
        if (active == null) {
            progress.println("  ! no selector owns the shard: nothing to kill");
            return false;
        }
        long killedAt = System.currentTimeMillis();
        deployment.selector(active).kill9();
        progress.printf("  kill -9 selector %s (the active one)%n", active);
        String next = null;
        while (System.currentTimeMillis() - killedAt < 15_000 && (next == null || next.equals(active))) {
            next = deployment.activeSelector(Duration.ofMillis(200));
        }
        boolean tookOver = next != null && !next.equals(active);
        if (tookOver) {
            progress.printf("  takeover: selector %s owns the shard (seen %d ms after the kill)%n", next,
                    System.currentTimeMillis() - killedAt);
            long seenAt = System.currentTimeMillis();
            while (System.currentTimeMillis() - seenAt < 15_000 && clock.lastArrival() <= seenAt) {
                Thread.sleep(20);
            }
            if (clock.lastArrival() > seenAt) {
                progress.printf("  egress flows again (%d ms after the kill)%n", clock.lastArrival() - killedAt);
            } else {
                progress.printf("  ! no egress within 15 s of the takeover%n");
            }
        } else {
            progress.printf("  ! no selector took the shard over within 15 s%n");
        }
        deployment.startSelector("a", active);
        long restartedAt = System.currentTimeMillis();
        while (System.currentTimeMillis() - restartedAt < 60_000 && !deployment.selectorOwnership(300).containsKey(active)) {
            Thread.sleep(100);
        }
        progress.printf("  selector %s restarted as the standby%n", active);
        return tookOver;
    }

    /** The longest egress gap in the traffic window, away from the seconds that follow each kill. */
    private static long steadyGap(EgressClock clock, long from, long to, List<Long> kills) {
        long max = 0;
        long cursor = from;
        for (long kill : kills) {
            max = Math.max(max, clock.maxGapBetween(cursor, kill));
            cursor = kill + 5_000;
        }
        return Math.max(max, clock.maxGapBetween(cursor, to));
    }

    /** Sleeps until the wall clock reaches {@code wallClock} (no sleep when it has). */
    static void sleepUntil(long wallClock) throws InterruptedException {
        long left = wallClock - System.currentTimeMillis();
        if (left > 0) {
            Thread.sleep(left);
        }
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    /**
     * When a run reads its roles' live heaps the first time (the second is at its end): 5 minutes in
     * for a soak of 20 minutes or more, never for a shorter run, whose roles are still warming up
     * and which each reading would stop for a full collection.
     */
    static long liveHeapAtSecond(Duration duration) {
        return duration.toSeconds() >= 1_200 ? 300 : 0;
    }
}
