package io.understudy.cli.demo;

import io.understudy.cli.traffic.ClientProtocol;
import io.understudy.cli.traffic.Payloads;
import io.understudy.cli.traffic.SentLog;
import io.understudy.cli.traffic.TrafficGenerator;

import io.understudy.records.EgressRecord;
import io.understudy.records.Heartbeat;
import io.understudy.records.LeaderChange;
import io.understudy.schemas.registry.SchemaRegistryClient;
import io.understudy.schemas.serde.AvroSerde;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One reliability scenario with real processes: bridge, node a (primary), node b (backup) and the
 * selector (optionally a second, standby selector instance), each a JVM of its own; steady traffic
 * from simulated endpoints; one fault injected mid-traffic; then every acknowledged packet is
 * counted on the egress topic (lost, duplicated, reordered, wrong leader) and the egress gap
 * around the fault is measured.
 */
final class FaultScenario {

    /** The fault, injected once traffic flows; returns when it is done (e.g. after a resume). */
    @FunctionalInterface
    interface Fault {
        void inject(Deployment deployment, LeadershipWatch leadership, HeartbeatWatch heartbeats) throws Exception;
    }

    /**
     * @param tally     the count of every egress record against every acknowledged packet
     * @param changes   every leadership decision
     * @param maxGapMs  the longest pause of egress on any one partition in the 30 s after the fault began
     * @param refused   packets the bridge did not acknowledge
     */
    record Outcome(EgressTally.Result tally, List<LeaderChange> changes, long maxGapMs, long refused) {

        String line() {
            return String.format("sent=%d egress=%d lost=%d duplicated=%d reordered=%d wrong_leader=%d max_gap_ms=%d"
                            + " refused=%d", tally.sent(), tally.egress(), tally.lost(), tally.duplicated(),
                    tally.reordered(), tally.wrongLeader(), maxGapMs, refused);
        }
    }

    static final int PARTITIONS = 3;

    private final String name;
    private final int rate;
    private final Duration duration;
    private final Duration faultAfter;
    private final boolean standbySelector;
    private final PrintStream progress = System.out;

    FaultScenario(String name, int rate, Duration duration, Duration faultAfter, boolean standbySelector) {
        this.name = name;
        this.rate = rate;
        this.duration = duration;
        this.faultAfter = faultAfter;
        this.standbySelector = standbySelector;
    }

    Outcome run(Fault fault) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "reliability-it").toAbsolutePath())
                .resolve(name + "-" + System.currentTimeMillis());
        Files.createDirectories(dir);
        try (Deployment deployment = Deployment.prepare(dir, PARTITIONS, List.of("a", "b"), "passthrough", Map.of());
             SchemaRegistryClient registry = SchemaRegistryClient.forUrl(deployment.endpoints().schemaRegistryUrl())) {
            String bootstrap = deployment.endpoints().bootstrapServers();
            LeadershipWatch leadership = new LeadershipWatch();
            HeartbeatWatch heartbeats = new HeartbeatWatch();
            EgressClock clock = new EgressClock();
            Map<Integer, EgressClock> partitionClocks = new java.util.concurrent.ConcurrentHashMap<>();
            AvroSerde<EgressRecord> egressSerde = AvroSerde.forValues(EgressRecord.class, registry);
            try (TopicTail<LeaderChange> leadershipTail = new TopicTail<>(bootstrap, deployment.topics().leadership(),
                         AvroSerde.forValues(LeaderChange.class, registry).deserializer(), true,
                         r -> leadership.accept(r.value())).start();
                 TopicTail<Heartbeat> heartbeatTail = new TopicTail<>(bootstrap, deployment.topics().heartbeats(),
                         AvroSerde.forValues(Heartbeat.class, registry).deserializer(), false,
                         r -> heartbeats.accept(r.value())).start();
                 TopicTail<EgressRecord> egressTail = new TopicTail<>(bootstrap, deployment.topics().egress(),
                         egressSerde.deserializer(), true, r -> {
                             long now = System.currentTimeMillis();
                             clock.accept(r.value(), now);
                             partitionClocks.computeIfAbsent(r.partition(), p -> new EgressClock()).accept(r.value(), now);
                         }).start()) {
                deployment.startBridge();
                deployment.startNode("a", "--initial-primary");
                deployment.startNode("b");
                deployment.startSelector("a");
                if (standbySelector) {
                    deployment.startSelector("a", "2");
                }
                Map<Integer, Long> start = new HashMap<>();
                for (int p = 0; p < PARTITIONS; p++) {
                    start.put(p, -1L);
                }
                for (String node : List.of("a", "b")) {
                    require(heartbeats.awaitCaughtUp(node, start, 120_000), "node " + node + " did not start; see "
                            + deployment.node(node).logFile());
                }
                require(leadership.awaitLeaders(PARTITIONS, 120_000), "the selector chose no leader; see " + dir);

                EgressTally tally = new EgressTally();
                TrafficGenerator.Settings settings = new TrafficGenerator.Settings(ClientProtocol.PASSTHROUGH, 12, rate,
                        new Payloads(64, 1L), null, "flow-");
                try (SentLog sentLog = SentLog.create(dir.resolve("sent.tsv"), "function=passthrough flows=12 payload-size=64");
                     TrafficDriver traffic = new TrafficDriver("127.0.0.1", deployment.bridgeTcpPort(), settings, tally,
                             sentLog)) {
                    traffic.start(duration);
                    Thread.sleep(faultAfter.toMillis());
                    long faultAt = System.currentTimeMillis();
                    progress.printf("[%s] injecting the fault%n", name);
                    fault.inject(deployment, leadership, heartbeats);
                    traffic.awaitDone(Duration.ofSeconds(120));
                    awaitEgress(clock, traffic.acked());
                    for (LeaderChange change : leadership.changes()) {
                        tally.leaderChange(change);
                    }
                    TopicReader.readAll(bootstrap, deployment.topics().egress(), egressSerde.deserializer(),
                            record -> tally.egress(record.value()));
                    leadershipTail.check();
                    egressTail.check();
                    heartbeatTail.check();
                    long maxGap = 0;
                    for (EgressClock partitionClock : partitionClocks.values()) {
                        maxGap = Math.max(maxGap, partitionClock.maxGapAround(List.of(faultAt), 30_000));
                    }
                    Outcome outcome = new Outcome(tally.result(), leadership.changes(), maxGap, traffic.refused());
                    progress.printf("[%s] RESULT %s%n", name, outcome.line());
                    return outcome;
                }
            }
        }
    }

    /** Waits until egress has as many records as were acknowledged, or they stop coming for 30 s. */
    private static void awaitEgress(EgressClock clock, long acked) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 180_000;
        long last = -1;
        long stableSince = System.currentTimeMillis();
        while (clock.count() < acked && System.currentTimeMillis() < deadline) {
            long now = clock.count();
            if (now != last) {
                last = now;
                stableSince = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - stableSince > 30_000) {
                return;
            }
            Thread.sleep(200);
        }
    }

    /** Sends a signal (STOP, CONT, KILL) to a process. */
    static void signal(long pid, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        require(kill.waitFor() == 0, "kill -" + signal + " " + pid + " failed");
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
