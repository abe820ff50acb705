package io.understudy.system;

import io.understudy.harness.Deployment;
import io.understudy.harness.EgressClock;
import io.understudy.harness.EgressTally;
import io.understudy.harness.HeartbeatWatch;
import io.understudy.harness.LeadershipWatch;
import io.understudy.harness.PayloadStamp;
import io.understudy.harness.TopicReader;
import io.understudy.harness.TopicTail;
import io.understudy.harness.TrafficDriver;
import io.understudy.harness.traffic.ClientProtocol;
import io.understudy.harness.traffic.EgressVerifier;
import io.understudy.harness.traffic.Payloads;
import io.understudy.harness.traffic.ReconnectingTcpLink;
import io.understudy.harness.traffic.SentLog;
import io.understudy.harness.traffic.TrafficGenerator;
import io.understudy.records.EgressRecord;
import io.understudy.records.Heartbeat;
import io.understudy.records.LeaderChange;
import io.understudy.records.TrafficPacket;
import io.understudy.schemas.registry.SchemaRegistryClient;
import io.understudy.schemas.serde.AvroSerde;
import io.understudy.stack.StackEndpoints;
import io.understudy.stack.kafka.BrokerOptions;
import io.understudy.stack.kafka.BrokerProcess;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

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
    private int partitions = PARTITIONS;
    private int nodeInstances = 1;
    private Map<String, String> roleSettings = Map.of();
    /** Set for a deployment on a broker process of its own. */
    private String ownBrokerRegistryUrl;
    private volatile BrokerProcess broker;

    FaultScenario(String name, int rate, Duration duration, Duration faultAfter, boolean standbySelector) {
        this.name = name;
        this.rate = rate;
        this.duration = duration;
        this.faultAfter = faultAfter;
        this.standbySelector = standbySelector;
    }

    Outcome run(Fault fault) throws Exception {
        Outcome[] outcome = new Outcome[1];
        withDeployment((running) -> {
            Deployment deployment = running.deployment;
            EgressTally tally = new EgressTally();
            TrafficGenerator.Settings settings = new TrafficGenerator.Settings(ClientProtocol.PASSTHROUGH, 12, rate,
                    new Payloads(64, 1L), null, "flow-");
            try (SentLog sentLog = SentLog.create(running.dir.resolve("sent.tsv"), "function=passthrough flows=12 payload-size=64");
                 TrafficDriver traffic = new TrafficDriver("127.0.0.1", deployment.bridgeTcpPort(), settings, tally,
                         sentLog)) {
                traffic.start(duration);
                Thread.sleep(faultAfter.toMillis());
                long faultAt = System.currentTimeMillis();
                progress.printf("[%s] injecting the fault%n", name);
                fault.inject(deployment, running.leadership, running.heartbeats);
                traffic.awaitDone(Duration.ofSeconds(120));
                awaitEgress(running.clock::count, traffic.acked());
                running.count(tally, record -> true);
                long maxGap = running.maxGapAround(faultAt, 30_000);
                outcome[0] = new Outcome(tally.result(), running.leadership.changes(), maxGap, traffic.refused());
                progress.printf("[%s] RESULT %s%n", name, outcome[0].line());
            }
        });
        return outcome[0];
    }

    /**
     * One fault of a {@link #runPhases} sequence: the phase's traffic has flows of its own
     * ({@code <name>-flow-<i>}), counted on their own.
     */
    record Phase(String name, Fault fault) {
    }

    /**
     * What one phase counted.
     *
     * @param retriedPackets packets the endpoints sent more than once before the bridge acknowledged them
     * @param resends        attempts after the first, over every packet (refusals and broken connections)
     * @param reconnects     TCP connections the endpoints replaced after they broke
     * @param ingressCopies  ingress records of the phase's flows that repeat a (flow, sequence) already on
     *                       ingress: the copies the endpoints' retries left there, which the nodes must drop
     *                       ({@code duplicate-sequence}) so that none reaches egress
     * @param faultMs        how long the fault took to inject, from its start until it returned
     */
    record PhaseOutcome(String phase, EgressTally.Result tally, long maxGapMs, long refused, long retriedPackets,
                        long resends, long reconnects, long ingressCopies, long faultMs, Map<Integer, Long> gapByPartition) {

        /** The longest egress pause among the given partitions (see {@link #maxGapMs}). */
        long maxGapOn(java.util.Collection<Integer> partitions) {
            return partitions.stream().mapToLong(p -> gapByPartition.getOrDefault(p, 0L)).max().orElse(0);
        }

        String line() {
            return String.format("phase=%s sent=%d egress=%d lost=%d duplicated=%d reordered=%d wrong_leader=%d"
                            + " mismatched=%d unexpected=%d max_gap_ms=%d refused=%d retried_packets=%d resends=%d"
                            + " reconnects=%d ingress_copies=%d fault_ms=%d", phase, tally.sent(), tally.egress(),
                    tally.lost(), tally.duplicated(), tally.reordered(), tally.wrongLeader(), tally.mismatched(),
                    tally.unexpected(), maxGapMs, refused, retriedPackets, resends, reconnects, ingressCopies, faultMs);
        }
    }

    /** How many flows each phase's endpoints drive: one packet in flight per flow, so enough of them for the rate. */
    static final int PHASE_FLOWS = 30;
    /** How long a phase's traffic goes on after its fault returned. */
    static final Duration AFTER_FAULT = Duration.ofSeconds(6);

    /**
     * Runs the phases one after the other on one deployment, each with its own traffic from
     * endpoints that retry ({@link io.understudy.harness.traffic.ReconnectingTcpLink}): traffic for
     * {@code faultAfter}, the fault, traffic for {@link #AFTER_FAULT} more, then every packet the
     * phase's endpoints got acknowledged is counted on egress. The gap is the longest pause of egress
     * on one partition that ended after the fault and began before the phase's traffic stopped.
     */
    List<PhaseOutcome> runPhases(List<Phase> phases) throws Exception {
        List<PhaseOutcome> outcomes = new java.util.ArrayList<>();
        withDeployment((running) -> {
            for (Phase phase : phases) {
                outcomes.add(runPhase(running, phase));
            }
        });
        return outcomes;
    }

    private PhaseOutcome runPhase(Running running, Phase phase) throws Exception {
        Deployment deployment = running.deployment;
        String prefix = phase.name() + "-flow-";
        EgressTally tally = new EgressTally();
        TrafficGenerator.Settings settings = new TrafficGenerator.Settings(ClientProtocol.PASSTHROUGH, PHASE_FLOWS, rate,
                new Payloads(64, 1L), null, prefix);
        ReconnectingTcpLink link = ReconnectingTcpLink.to("127.0.0.1", deployment.bridgeTcpPort(),
                TrafficDriver.connectionsFor(settings), Duration.ofSeconds(120));
        try (SentLog sentLog = SentLog.create(running.dir.resolve("sent-" + phase.name() + ".tsv"),
                "function=passthrough flows=" + PHASE_FLOWS + " payload-size=64");
             TrafficDriver traffic = new TrafficDriver(link, settings, tally, sentLog)) {
            traffic.start(Duration.ofMinutes(10)); // stopped below, AFTER_FAULT after the fault returned
            Thread.sleep(faultAfter.toMillis());
            long faultAt = System.currentTimeMillis();
            progress.printf("[%s/%s] injecting the fault%n", name, phase.name());
            phase.fault().inject(deployment, running.leadership, running.heartbeats);
            long faultMs = System.currentTimeMillis() - faultAt;
            progress.printf("[%s/%s] fault done in %d ms%n", name, phase.name(), faultMs);
            Thread.sleep(AFTER_FAULT.toMillis());
            traffic.stop();
            long stoppedAt = System.currentTimeMillis();
            traffic.awaitDone(Duration.ofSeconds(180));
            awaitEgress(() -> running.distinctStamps(prefix), traffic.acked());
            sentLog.close();
            // every payload byte for byte against what its endpoint sent (mismatched)
            tally.verifyWith(new EgressVerifier(ClientProtocol.PASSTHROUGH, SentLog.read(sentLog.file()), null));
            running.count(tally, flowId -> flowId.startsWith(prefix));
            PhaseOutcome outcome = new PhaseOutcome(phase.name(), tally.result(), running.maxGapFrom(faultAt,
                    stoppedAt), traffic.refused(), link.retriedPackets(), link.resends(), link.reconnects(),
                    running.ingressCopies(prefix), faultMs, running.gapsFrom(faultAt, stoppedAt));
            progress.printf("[%s] RESULT %s%n", name, outcome.line());
            return outcome;
        }
    }

    /**
     * A deployment of {@code partitions} partitions whose nodes a and b each run as {@code instances}
     * processes (a/a1, a/a2, ...: see {@link Deployment#instancesOf}), with {@code roleSettings}
     * for the nodes and the selector.
     */
    FaultScenario withNodes(int partitions, int instances, Map<String, String> roleSettings) {
        this.partitions = partitions;
        this.nodeInstances = instances;
        this.roleSettings = Map.copyOf(roleSettings);
        return this;
    }

    /** The broker process of a scenario {@link #withOwnBroker() with its own broker}, while it runs. */
    BrokerProcess broker() {
        return broker;
    }

    /**
     * A deployment on a broker of its own, in a process the phases may kill and restart, and the
     * schema registry at {@code registryUrl} (the test JVM's shared one: the registry is not what fails).
     */
    FaultScenario withOwnBroker(String registryUrl) {
        this.ownBrokerRegistryUrl = registryUrl;
        return this;
    }

    /** What a running deployment's phases share. */
    private static final class Running {
        final Deployment deployment;
        final Path dir;
        final LeadershipWatch leadership;
        final HeartbeatWatch heartbeats;
        final EgressClock clock;
        final Map<Integer, EgressClock> partitionClocks;
        /** The stamps seen on egress so far, per flow prefix ("<phase>-flow-"), to know when a phase drained. */
        final Map<String, Set<String>> stampsByFlowPrefix = new ConcurrentHashMap<>();
        final AvroSerde<EgressRecord> egressSerde;
        final AvroSerde<TrafficPacket> ingressSerde;
        final List<TopicTail<?>> tails;

        Running(Deployment deployment, Path dir, LeadershipWatch leadership, HeartbeatWatch heartbeats, EgressClock clock,
                Map<Integer, EgressClock> partitionClocks, AvroSerde<EgressRecord> egressSerde,
                AvroSerde<TrafficPacket> ingressSerde, List<TopicTail<?>> tails) {
            this.deployment = deployment;
            this.dir = dir;
            this.leadership = leadership;
            this.heartbeats = heartbeats;
            this.clock = clock;
            this.partitionClocks = partitionClocks;
            this.egressSerde = egressSerde;
            this.ingressSerde = ingressSerde;
            this.tails = tails;
        }

        /**
         * Ingress records of the flows starting with {@code prefix} that repeat a numbered (flow,
         * sequence) already on ingress: what the endpoints' retries put there twice.
         */
        long ingressCopies(String prefix) {
            Set<String> seen = new java.util.HashSet<>();
            long[] copies = {0};
            TopicReader.readAll(deployment.endpoints().bootstrapServers(), deployment.topics().ingress(),
                    ingressSerde.deserializer(), record -> {
                        TrafficPacket packet = record.value();
                        if (packet != null && packet.getFlowId().startsWith(prefix) && packet.getSequence() >= 0
                                && !seen.add(packet.getFlowId() + "#" + packet.getSequence())) {
                            copies[0]++;
                        }
                    });
            return copies[0];
        }

        void seen(EgressRecord record) {
            PayloadStamp.read(bytes(record)).ifPresent(stamp -> {
                int cut = stamp.flowId().lastIndexOf("-flow-");
                String prefix = cut < 0 ? "" : stamp.flowId().substring(0, cut + "-flow-".length());
                stampsByFlowPrefix.computeIfAbsent(prefix, p -> ConcurrentHashMap.newKeySet())
                        .add(stamp.flowId() + "#" + stamp.seq());
            });
        }

        long distinctStamps(String prefix) {
            Set<String> stamps = stampsByFlowPrefix.get(prefix);
            return stamps == null ? 0 : stamps.size();
        }

        /** Feeds every leadership decision, then the whole egress topic (of the chosen flows), to the tally. */
        void count(EgressTally tally, Predicate<String> flows) {
            for (LeaderChange change : leadership.changes()) {
                tally.leaderChange(change);
            }
            TopicReader.readAll(deployment.endpoints().bootstrapServers(), deployment.topics().egress(),
                    egressSerde.deserializer(), record -> {
                        String flow = PayloadStamp.read(bytes(record.value())).map(PayloadStamp::flowId).orElse("");
                        if (flows.test(flow)) {
                            tally.egress(record.value());
                        }
                    });
            tails.forEach(TopicTail::check);
        }

        /** The longest egress pause on one partition that began before {@code until} and ended after {@code from}. */
        long maxGapFrom(long from, long until) {
            long maxGap = 0;
            for (EgressClock partitionClock : partitionClocks.values()) {
                maxGap = Math.max(maxGap, partitionClock.maxGapFrom(from, until));
            }
            return maxGap;
        }

        /** Per partition, the longest egress pause that began before {@code until} and ended after {@code from}. */
        Map<Integer, Long> gapsFrom(long from, long until) {
            Map<Integer, Long> gaps = new java.util.TreeMap<>();
            partitionClocks.forEach((partition, partitionClock) -> gaps.put(partition,
                    partitionClock.maxGapFrom(from, until)));
            return gaps;
        }

        /** The longest egress pause on one partition from {@code from} on, within {@code windowMs}. */
        long maxGapAround(long from, long windowMs) {
            long maxGap = 0;
            for (EgressClock partitionClock : partitionClocks.values()) {
                maxGap = Math.max(maxGap, partitionClock.gapsAround(List.of(from), windowMs).get(0));
            }
            return maxGap;
        }

        private static byte[] bytes(EgressRecord record) {
            java.nio.ByteBuffer payload = record.getPayload().duplicate();
            byte[] copy = new byte[payload.remaining()];
            payload.get(copy);
            return copy;
        }
    }

    @FunctionalInterface
    private interface Body {
        void run(Running running) throws Exception;
    }

    /**
     * Starts the deployment (on the shared kind of stack, or on a broker process of its own), its
     * watchers, the bridge, nodes a (primary) and b and the selector(s); waits until a leads; runs
     * {@code body}; stops everything.
     */
    private void withDeployment(Body body) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "reliability-it").toAbsolutePath())
                .resolve(name + "-" + System.currentTimeMillis());
        Files.createDirectories(dir);
        try (Deployment deployment = ownBrokerRegistryUrl != null ? onOwnBroker(dir, ownBrokerRegistryUrl)
                : Deployment.prepare(dir, partitions, List.of("a", "b"), "passthrough", roleSettings);
             SchemaRegistryClient registry = SchemaRegistryClient.forUrl(deployment.endpoints().schemaRegistryUrl())) {
            String bootstrap = deployment.endpoints().bootstrapServers();
            LeadershipWatch leadership = new LeadershipWatch();
            HeartbeatWatch heartbeats = new HeartbeatWatch();
            EgressClock clock = new EgressClock();
            Map<Integer, EgressClock> partitionClocks = new ConcurrentHashMap<>();
            AvroSerde<EgressRecord> egressSerde = AvroSerde.forValues(EgressRecord.class, registry);
            Running[] running = new Running[1];
            try (TopicTail<LeaderChange> leadershipTail = new TopicTail<>(bootstrap, deployment.topics().leadership(),
                         AvroSerde.forValues(LeaderChange.class, registry).deserializer(), true,
                         r -> leadership.accept(r.value())).start();
                 TopicTail<Heartbeat> heartbeatTail = TopicTail.heartbeats(bootstrap, deployment.topics(), List.of("a", "b"),
                         AvroSerde.forValues(Heartbeat.class, registry).deserializer(), heartbeats::accept).start();
                 TopicTail<EgressRecord> egressTail = new TopicTail<>(bootstrap, deployment.topics().egress(),
                         egressSerde.deserializer(), true, r -> {
                             long now = System.currentTimeMillis();
                             clock.accept(r.value(), now);
                             partitionClocks.computeIfAbsent(r.partition(), p -> new EgressClock()).accept(r.value(), now);
                             running[0].seen(r.value());
                         })) {
                running[0] = new Running(deployment, dir, leadership, heartbeats, clock, partitionClocks, egressSerde,
                        AvroSerde.forValues(TrafficPacket.class, registry), List.of(leadershipTail, heartbeatTail, egressTail));
                egressTail.start(); // once running[0] is there to see its records
                deployment.startBridge();
                Map<Integer, Long> start = new HashMap<>();
                for (int p = 0; p < partitions; p++) {
                    start.put(p, -1L);
                }
                for (String process : Deployment.instancesOf("a", nodeInstances)) {
                    deployment.startNodeProcess(process, "--initial-primary");
                }
                if (nodeInstances > 1) {
                    // node a's instances first, up on every partition before b's start: four node JVMs, the
                    // selector and the broker all starting at once starved the in-process broker on two cores
                    require(heartbeats.awaitCaughtUp("a", start, 180_000), "node a did not start; see "
                            + deployment.node(Deployment.instancesOf("a", nodeInstances).get(0)).logFile());
                }
                for (String process : Deployment.instancesOf("b", nodeInstances)) {
                    deployment.startNodeProcess(process);
                }
                deployment.startSelector("a");
                if (standbySelector) {
                    deployment.startSelector("a", "2");
                }
                for (String node : List.of("a", "b")) {
                    require(heartbeats.awaitCaughtUp(node, start, 180_000), "node " + node + " did not start; see "
                            + deployment.node(Deployment.instancesOf(node, nodeInstances).get(0)).logFile());
                }
                require(leadership.awaitLeaders(partitions, 120_000), "the selector chose no leader; see " + dir);
                body.run(running[0]);
            }
        } finally {
            broker = null;
        }
    }

    /** A broker process of this scenario's own (its data and log kept under {@code dir}), and the deployment on it. */
    private Deployment onOwnBroker(Path dir, String registryUrl) {
        BrokerProcess started = BrokerProcess.start(BrokerOptions.defaults().withDataDir(dir.resolve("kafka"))
                .withKeepData(true));
        broker = started;
        try {
            return Deployment.onCluster(new StackEndpoints(started.bootstrapServers(), registryUrl), started, dir,
                    PARTITIONS, List.of("a", "b"), "passthrough", Map.of());
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
    }

    /** Waits until egress has as many records as were acknowledged, or they stop coming for 30 s. */
    private static void awaitEgress(java.util.function.LongSupplier clock, long acked) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 180_000;
        long last = -1;
        long stableSince = System.currentTimeMillis();
        while (clock.getAsLong() < acked && System.currentTimeMillis() < deadline) {
            long now = clock.getAsLong();
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
