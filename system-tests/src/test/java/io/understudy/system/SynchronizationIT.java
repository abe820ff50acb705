package io.understudy.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.bridge.client.TcpBridgeClient;
import io.understudy.bridge.tcp.frame.Reply;
import io.understudy.harness.Deployment;
import io.understudy.harness.EgressClock;
import io.understudy.harness.EgressTally;
import io.understudy.harness.LeadershipWatch;
import io.understudy.harness.PayloadStamp;
import io.understudy.harness.TopicReader;
import io.understudy.harness.TopicTail;
import io.understudy.node.NodeConfig;
import io.understudy.node.UnderstudyNode;
import io.understudy.records.EgressRecord;
import io.understudy.records.EmissionRecord;
import io.understudy.records.Heartbeat;
import io.understudy.records.LeaderChange;
import io.understudy.records.LeaderChangeReason;
import io.understudy.records.NodeOutput;
import io.understudy.records.PartitionProgress;
import io.understudy.records.SyncDeclaration;
import io.understudy.records.SyncMessage;
import io.understudy.records.SyncState;
import io.understudy.schemas.registry.SchemaRegistryClient;
import io.understudy.schemas.serde.AvroSerde;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Synchronization with real processes: the primary a, a backup b that joins 10,000 live sessions
 * under load, a node c whose configuration differs, the selector and the bridge, each a JVM of its
 * own.
 *
 * <p>b is synchronized while traffic flows; a test hook then corrupts one flow of b (a flow of its
 * own that gets every tenth packet), which the selector catches at that flow's next record: b is
 * made ineligible on that partition and ordered to resynchronize. A second hook makes b hold that
 * order for {@link #HOLD_RESYNC_MS}, so that b stays diverged and alive, its heartbeats saying it is
 * synchronized and ahead; a is killed then (issue 17: the rule "a backup is chosen only when
 * synchronized" decides this phase, which a selector that ignored the ineligibility would fail):
 * the corrupted partition gets NO_ELIGIBLE_BACKUP and its egress waits at a's last output, the
 * others fail over to b. a restarts with its state and returns as that partition's leader
 * (LEADER_RETURNED), and synchronizes b once b obeys. a is killed again and b takes over; a
 * restarts with its state reset and b, now the leader, synchronizes it; b is killed and a takes
 * over. Afterwards: nothing lost, duplicated or reordered, c was refused and never chosen, and
 * every synchronized output of a and b equals that of a replay of the whole ingress by a fresh node
 * (r, in this JVM), but for b's outputs between the corruption's detection and its
 * resynchronization, which the selector never used.
 */
class SynchronizationIT {

    private static final int PARTITIONS = 3;
    private static final int SESSIONS = 10_000;
    private static final int RATE = 500;
    /** The sessions open faster than the steady rate, to keep the test short. */
    private static final int OPENING_RATE = 2_000;
    /** A flow that gets every tenth packet, so that its corruption shows at once. */
    private static final String CORRUPTED_FLOW = "hot-flow";
    private static final int HOT_EVERY = 10;
    /** Packets until every session had one (every {@link #HOT_EVERY}th goes to the hot flow). */
    private static final long OPENING_PACKETS = SESSIONS * (long) HOT_EVERY / (HOT_EVERY - 1) + 1;
    private static final String[] NO_PROBES = {"--set", "sync.probe.interval.ms=0"};
    /**
     * How long b holds the selector's resync order (the {@code test.hold.resync.ms} hook): long enough
     * for the leader to be killed and the selector to decide while b is still diverged and alive.
     */
    private static final long HOLD_RESYNC_MS = 30_000;

    @Test
    void aLateBackupJoinsLiveSessionsSurvivesCorruptionAndTakesOverExactly() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "synchronization-it")).resolve("run-" + System.currentTimeMillis())
                .toAbsolutePath();
        Files.createDirectories(dir);
        Path routingTable = Files.writeString(dir.resolve("routes.txt"), "default hop-z\n");
        // Only the kills below move leadership: on a loaded machine the selector could otherwise take a lagging
        // primary for stalled and choose the corrupted backup before the leader's outputs reveal the corruption.
        try (Deployment deployment = Deployment.prepare(dir, PARTITIONS, List.of("a", "b", "c", "r"), "passthrough",
                Map.of("stall.timeout.ms", "600000"));
             SchemaRegistryClient registry = SchemaRegistryClient.forUrl(deployment.endpoints().schemaRegistryUrl())) {
            String bootstrap = deployment.endpoints().bootstrapServers();
            LeadershipWatch leadership = new LeadershipWatch();
            Heartbeats heartbeats = new Heartbeats();
            EgressClock clock = new EgressClock();
            AtomicLongArray egressHigh = new AtomicLongArray(PARTITIONS); // per partition, the highest offset egress
            AvroSerde<EgressRecord> egressSerde = AvroSerde.forValues(EgressRecord.class, registry);
            try (TopicTail<LeaderChange> leadershipTail = new TopicTail<>(bootstrap, deployment.topics().leadership(),
                         AvroSerde.forValues(LeaderChange.class, registry).deserializer(), true,
                         r -> leadership.accept(r.value())).start();
                 TopicTail<Heartbeat> heartbeatTail = TopicTail.heartbeats(bootstrap, deployment.topics(), List.of("a", "b", "c", "r"),
                         AvroSerde.forValues(Heartbeat.class, registry).deserializer(), heartbeats::accept).start();
                 TopicTail<EgressRecord> egressTail = new TopicTail<>(bootstrap, deployment.topics().egress(),
                         egressSerde.deserializer(), true, r -> {
                             clock.accept(r.value(), System.currentTimeMillis());
                             egressHigh.accumulateAndGet(r.value().getIngressPartition(), r.value().getIngressOffset(), Math::max);
                         }).start()) {
                deployment.startBridge();
                deployment.startNode("a", with(NO_PROBES, "--initial-primary"));
                deployment.startSelector("a");
                heartbeats.await("a", p -> p.getSyncState() == SyncState.SYNCHRONIZED, 180_000, "a starts");
                assertTrue(leadership.awaitLeaders(PARTITIONS, 120_000), "the selector chose a");

                EgressTally tally = new EgressTally();
                try (Load load = new Load(deployment.bridgeTcpPort(), tally)) {
                    load.start();
                    load.awaitSessionsOpen(120_000); // every one of the 10,000 sessions has had packets

                    long joinedAt = System.currentTimeMillis();
                    deployment.startNode("b", with(NO_PROBES, "--set", "test.corrupt.flow=" + CORRUPTED_FLOW,
                            "--set", "test.hold.resync.ms=" + HOLD_RESYNC_MS));
                    deployment.startNodeWithFunction("c", "router", "--set", "function.router.table=" + routingTable);
                    heartbeats.await("b", p -> p.getSyncState() == SyncState.SYNCHRONIZED, 180_000, "b synchronized");
                    long syncMs = System.currentTimeMillis() - joinedAt;
                    System.out.printf("b joined %d live sessions at %d packets/s and was synchronized on every partition"
                            + " %d ms after its process started%n", SESSIONS, RATE, syncMs);

                    // the hook corrupts one flow of b; the selector catches it, makes b ineligible there and orders it
                    // to resynchronize; b holds the order, its state diverged and its heartbeats still synchronized
                    Corruption caught = awaitCaught(deployment, dir, 120_000);
                    Alarm alarm = killTheLeaderWhileBIsDiverged(deployment, bootstrap, registry, leadership, heartbeats,
                            egressHigh, caught);
                    Corruption corruption = awaitResynchronized(deployment, leadership, heartbeats, caught, alarm);
                    heartbeats.await("a", p -> p.getSyncState() == SyncState.SYNCHRONIZED, 120_000,
                            "a synchronized after its restart");
                    heartbeats.await("c", p -> p.getSyncState() == SyncState.REFUSED, 120_000, "c refused");

                    deployment.kill9("a");
                    heartbeats.forget("a");
                    assertTrue(leadership.awaitLeaderOtherThan("a", PARTITIONS, 90_000), "b took over from a");
                    deployment.restart("a", with(NO_PROBES, "--reset-state"));
                    heartbeats.await("a", p -> p.getSyncState() == SyncState.SYNCHRONIZED, 180_000,
                            "a reset and synchronized by b");

                    deployment.kill9("b");
                    heartbeats.forget("b");
                    assertTrue(leadership.awaitLeaderOtherThan("b", PARTITIONS, 90_000), "a took over from b");

                    Thread.sleep(3_000);
                    load.stop();
                    awaitEgress(clock, load.acked());
                    replayWholeIngress(deployment, dir);

                    for (LeaderChange change : leadership.changes()) {
                        tally.leaderChange(change);
                    }
                    List<EgressRecord> egress = new ArrayList<>();
                    TopicReader.readAll(bootstrap, deployment.topics().egress(), egressSerde.deserializer(), record -> {
                        tally.egress(record.value());
                        egress.add(record.value());
                    });
                    leadershipTail.check();
                    egressTail.check();
                    heartbeatTail.check();

                    EgressTally.Result counted = tally.result();
                    System.out.println("tally: " + counted);
                    assertEquals(0, counted.lost(), "lost");
                    assertEquals(0, counted.duplicated(), "duplicated");
                    assertEquals(0, counted.reordered(), "reordered");
                    assertEquals(0, counted.wrongLeader(), "egress naming a node that did not lead its epoch");
                    assertEquals(0, counted.unexpected(), "egress never acknowledged");
                    assertEquals(counted.sent(), counted.egress());
                    assertTrue(counted.sent() >= SESSIONS, "traffic flowed: " + counted.sent());

                    Map<String, NodeOutput> replay = outputs(bootstrap, registry, deployment, "r");
                    assertEgressIsTheReplays(egress, replay);
                    assertSynchronizedOutputsAreTheReplays(bootstrap, registry, deployment, "a", replay, null);
                    assertSynchronizedOutputsAreTheReplays(bootstrap, registry, deployment, "b", replay, corruption);
                    assertLeadership(leadership.changes(), corruption);
                    assertCWasRefused(heartbeats, egress);
                    assertBServedTheResetA(bootstrap, registry, deployment);
                }
            }
        }
    }

    // ---- corruption ---------------------------------------------------------------------------

    /**
     * Where the test hook struck and where the selector caught it.
     *
     * @param partition   the corrupted flow's partition
     * @param corruptedAt b's last offset when its state was corrupted
     * @param caughtAt    the offset of the digest mismatch the selector reported
     * @param resyncedFrom b's synchronization point after the resync order
     */
    private record Corruption(int partition, long corruptedAt, long caughtAt, long resyncedFrom) {
    }

    private static final Pattern HOOK = Pattern.compile(
            "TEST HOOK: node b corrupted the stored state of flow " + CORRUPTED_FLOW + " on partition (\\d+) after offset (\\d+)");
    private static final Pattern MISMATCH = Pattern.compile(
            "decision=ineligible partition=(\\d+) node=b offset=(\\d+) reason=\"digest mismatch with leader a at offset \\d+\"");

    private static final Pattern HELD = Pattern.compile(
            "node b partition (\\d+): TEST HOOK: holding the resync order of egress-selector at offset (\\d+)");
    private static final Pattern OBEYED = Pattern.compile(
            "node b partition (\\d+): TEST HOOK: obeying the resync order of egress-selector held for (\\d+) ms");

    /**
     * Waits until the hook struck, the selector caught it and b holds the selector's resync order:
     * b is then diverged and ineligible on that partition, and still says it is synchronized.
     */
    private Corruption awaitCaught(Deployment deployment, Path dir, long timeoutMs) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            Optional<Matcher> hook = find(deployment.node("b").logFile(), HOOK);
            Optional<Matcher> caught = find(dir.resolve("logs/selector.log"), MISMATCH);
            Optional<Matcher> held = find(deployment.node("b").logFile(), HELD);
            if (hook.isPresent() && caught.isPresent() && held.isPresent()) {
                int partition = Integer.parseInt(hook.get().group(1));
                assertEquals(partition, Integer.parseInt(caught.get().group(1)), "caught on the corrupted flow's partition");
                Corruption corruption = new Corruption(partition, Long.parseLong(hook.get().group(2)),
                        Long.parseLong(caught.get().group(2)), -1);
                System.out.println("corruption caught, b holds its resync order: " + corruption);
                assertEquals(partition, Integer.parseInt(held.get().group(1)), "b holds the order on that partition");
                assertEquals(corruption.caughtAt, Long.parseLong(held.get().group(2)), "b holds the order of that mismatch");
                return corruption;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no corruption caught and held within " + timeoutMs + " ms; see "
                + deployment.node("b").logFile());
    }

    /**
     * The selector's decision for the corrupted partition when its leader died, and the offset of
     * the dead leader's last output, where that partition's egress waited.
     */
    private record Alarm(LeaderChange decision, long waitedAt) {
    }

    /**
     * Issue 17: the leader a is killed while b, ineligible on the corrupted partition, is diverged
     * and alive there, holding its resync order, its heartbeats saying it is synchronized and ahead
     * of a: the backup a selector judging by heartbeats would choose. The selector must not give it
     * the partition: NO_ELIGIBLE_BACKUP (a stays the leader, the detail names b's mismatch) and the
     * partition's egress waits at a's last output while ingress goes on; the other partitions fail
     * over to b. Then a is restarted with its state intact, to come back as the corrupted
     * partition's leader and synchronize b.
     */
    private static Alarm killTheLeaderWhileBIsDiverged(Deployment deployment, String bootstrap,
                                                       SchemaRegistryClient registry, LeadershipWatch leadership,
                                                       Heartbeats heartbeats, AtomicLongArray egressHigh,
                                                       Corruption caught) throws Exception {
        int partition = caught.partition;
        int before = leadership.changes().size();
        deployment.kill9("a");
        heartbeats.forget("a");
        List<LeaderChange> since = awaitDecisions(leadership, before, changes -> {
            for (int p = 0; p < PARTITIONS; p++) {
                int q = p;
                if (changes.stream().noneMatch(c -> c.getPartition() == q && (q == partition || "b".equals(c.getLeader())))) {
                    return false;
                }
            }
            return true;
        }, 90_000, "the selector decided on every partition after a's kill");
        LeaderChange decision = since.stream().filter(c -> c.getPartition() == partition).findFirst().orElseThrow();
        assertEquals(LeaderChangeReason.NO_ELIGIBLE_BACKUP, decision.getReason(), "partition " + partition
                + ", where b is diverged and ineligible, has no eligible backup when its leader dies: " + since);
        assertEquals("a", decision.getLeader(), "the corrupted partition is not given to b: " + decision);
        assertTrue(decision.getDetail().contains("b=digest mismatch with leader a at offset " + caught.caughtAt),
                "the alarm names b's mismatch: " + decision.getDetail());
        for (int p = 0; p < PARTITIONS; p++) {
            int q = p;
            if (q != partition) {
                LeaderChange moved = since.stream().filter(c -> c.getPartition() == q).findFirst().orElseThrow();
                assertEquals(LeaderChangeReason.LEADER_FAILED, moved.getReason(), "partition " + q + ": " + moved);
                assertEquals("b", moved.getLeader(), "partition " + q + " fails over to b: " + moved);
            }
        }

        // b is diverged, alive and ahead of a on that partition after the decision: it was not chosen for its rule only
        long lastOfA = lastOutputOffset(bootstrap, registry, deployment, "a", partition); // final: a is dead
        PartitionProgress b = heartbeats.awaitProgress("b", partition, decision.getDecidedAt(),
                progress -> progress.getSyncState() == SyncState.SYNCHRONIZED && progress.getSyncedFrom() <= caught.corruptedAt
                        && progress.getLastOffset() > lastOfA, 30_000,
                "b, after the alarm, still synchronized by its own word on partition " + partition
                        + " from before the corruption (holding its resync order) and ahead of a's last output " + lastOfA);
        assertTrue(find(deployment.node("b").logFile(), OBEYED).isEmpty(), "b still held its resync order");

        // egress of the partition waits at a's last output while ingress goes on
        long deadline = System.currentTimeMillis() + 60_000;
        while (egressHigh.get(partition) < lastOfA && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        Thread.sleep(2_000);
        long ingressEnd = TopicReader.endOffsets(bootstrap, deployment.topics().ingress()).get(partition) - 1;
        assertEquals(lastOfA, egressHigh.get(partition), "egress of partition " + partition + " waits at a's last output");
        assertTrue(ingressEnd > lastOfA + 100, "ingress went on past it: " + ingressEnd);
        System.out.printf("a killed: partition %d NO_ELIGIBLE_BACKUP at watermark %d (b diverged, synchronized from %d"
                + " by its word, at offset %d); egress waits at %d, ingress at %d%n", partition, decision.getWatermark(),
                b.getSyncedFrom(), b.getLastOffset(), lastOfA, ingressEnd);

        deployment.restart("a", NO_PROBES); // with its state: it comes back as the partition's leader
        return new Alarm(decision, lastOfA);
    }

    /**
     * After the alarm: a returns as the corrupted partition's leader (LEADER_RETURNED, same epoch, no
     * decision naming b in between), b obeys its order once the hold has passed and a synchronizes it
     * from after the offset egress waited at.
     */
    private Corruption awaitResynchronized(Deployment deployment, LeadershipWatch leadership, Heartbeats heartbeats,
                                           Corruption caught, Alarm alarm) throws Exception {
        int partition = caught.partition;
        int alarmAt = leadership.changes().indexOf(alarm.decision);
        List<LeaderChange> since = awaitDecisions(leadership, alarmAt + 1,
                changes -> changes.stream().anyMatch(c -> c.getPartition() == partition), 180_000,
                "a returned as the leader of partition " + partition);
        LeaderChange returned = since.stream().filter(c -> c.getPartition() == partition).findFirst().orElseThrow();
        assertEquals(LeaderChangeReason.LEADER_RETURNED, returned.getReason(), "after the alarm: " + since);
        assertEquals("a", returned.getLeader());
        assertEquals(alarm.decision.getEpoch(), returned.getEpoch(), "a led on, in the same epoch");

        heartbeats.await("b", p -> p.getPartition() != partition
                || p.getSyncState() == SyncState.SYNCHRONIZED && p.getSyncedFrom() > caught.caughtAt,
                180_000, "b resynchronized on partition " + partition);
        Pattern resynced = Pattern.compile("node b partition " + partition + ": SYNCHRONIZED from offset (\\d+) by (\\w+)");
        List<Matcher> syncs = findAll(deployment.node("b").logFile(), resynced);
        assertEquals(2, syncs.size(), "b synchronized twice on partition " + partition + ": " + syncs.size());
        Corruption corruption = new Corruption(partition, caught.corruptedAt, caught.caughtAt,
                Long.parseLong(syncs.get(1).group(1)));
        System.out.println("corruption: " + corruption);
        assertEquals("a", syncs.get(1).group(2), "the returned a synchronized b");
        assertTrue(corruption.resyncedFrom > alarm.waitedAt, "b resynchronized from after the offset egress waited at: "
                + corruption + ", " + alarm.waitedAt);
        assertTrue(find(deployment.node("b").logFile(), Pattern.compile(
                "decision=resync node=b partition=" + partition + " from=egress-selector offset=" + caught.caughtAt
                        + " reason=\"digest mismatch")).isPresent(), "b obeyed the selector's order");
        Matcher obeyed = find(deployment.node("b").logFile(), OBEYED).orElseThrow();
        assertTrue(Long.parseLong(obeyed.group(2)) >= HOLD_RESYNC_MS, "b held the order " + obeyed.group(2) + " ms");
        long firstRecordAfter = firstRecordOfFlowAfter(deployment, partition, corruption.corruptedAt);
        assertEquals(firstRecordAfter, corruption.caughtAt,
                "caught at the first record of " + CORRUPTED_FLOW + " after the corruption");
        return corruption;
    }

    /** Polls the leadership decisions taken since the {@code from}th until {@code done} holds on them. */
    private static List<LeaderChange> awaitDecisions(LeadershipWatch leadership, int from,
                                                     Predicate<List<LeaderChange>> done, long timeoutMs, String what)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (true) {
            List<LeaderChange> all = leadership.changes();
            List<LeaderChange> since = all.subList(Math.min(from, all.size()), all.size());
            if (done.test(since)) {
                return since;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting until " + what + "; decisions since: " + since);
            }
            Thread.sleep(100);
        }
    }

    /** The last ingress offset of the partition that the node's committed outputs answer, or -1. */
    private static long lastOutputOffset(String bootstrap, SchemaRegistryClient registry, Deployment deployment,
                                         String node, int partition) {
        return outputs(bootstrap, registry, deployment, node).values().stream()
                .filter(output -> output.getIngressPartition() == partition)
                .mapToLong(NodeOutput::getIngressOffset).max().orElse(-1);
    }

    private static long firstRecordOfFlowAfter(Deployment deployment, int partition, long offset) {
        long[] first = {Long.MAX_VALUE};
        TopicReader.readAll(deployment.endpoints().bootstrapServers(), deployment.topics().ingress(),
                new ByteArrayDeserializer(), record -> {
                    if (record.partition() == partition && record.offset() > offset && CORRUPTED_FLOW.equals(record.key())) {
                        first[0] = Math.min(first[0], record.offset());
                    }
                });
        return first[0];
    }

    // ---- what is compared to the replay -------------------------------------------------------

    /**
     * The replay: node r, a fresh initial primary in this JVM, applies the function to the whole
     * ingress log from its beginning, as the first primary would have had it never failed.
     */
    private static void replayWholeIngress(Deployment deployment, Path dir) throws InterruptedException {
        Map<Integer, Long> ends = TopicReader.endOffsets(deployment.endpoints().bootstrapServers(),
                deployment.topics().ingress());
        Map<String, Object> settings = new HashMap<>();
        settings.put(NodeConfig.NODE_ID_CONFIG, "r");
        settings.put(NodeConfig.BOOTSTRAP_SERVERS_CONFIG, deployment.endpoints().bootstrapServers());
        settings.put(NodeConfig.SCHEMA_REGISTRY_URL_CONFIG, deployment.endpoints().schemaRegistryUrl());
        settings.put(NodeConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
        settings.put(NodeConfig.START_SYNCHRONIZED_CONFIG, true);
        settings.put(NodeConfig.SYNC_PROBE_INTERVAL_MS_CONFIG, 0L);
        try (UnderstudyNode replay = UnderstudyNode.start(new NodeConfig(settings))) {
            long deadline = System.currentTimeMillis() + 180_000;
            for (int p = 0; p < PARTITIONS; p++) {
                while (replay.progress().status(p) == null || replay.progress().status(p).lastOffset() < ends.get(p) - 1) {
                    if (System.currentTimeMillis() > deadline) {
                        throw new AssertionError("the replay did not reach the end of ingress partition " + p);
                    }
                    Thread.sleep(100);
                }
            }
        }
    }

    private static Map<String, NodeOutput> outputs(String bootstrap, SchemaRegistryClient registry, Deployment deployment,
                                                   String node) {
        Map<String, NodeOutput> byOffset = new HashMap<>();
        TopicReader.readAll(bootstrap, deployment.topics().nodeOutput(node),
                AvroSerde.forValues(NodeOutput.class, registry).deserializer(),
                record -> byOffset.put(key(record.value().getIngressPartition(), record.value().getIngressOffset()),
                        record.value()));
        return byOffset;
    }

    private static void assertEgressIsTheReplays(List<EgressRecord> egress, Map<String, NodeOutput> replay) {
        for (EgressRecord record : egress) {
            NodeOutput expected = replay.get(key(record.getIngressPartition(), record.getIngressOffset()));
            assertNotNull(expected, "the replay answered " + record.getIngressPartition() + "/" + record.getIngressOffset());
            assertEquals(expected.getEmissions().size(), record.getOutputCount());
            EmissionRecord emission = expected.getEmissions().get(record.getOutputIndex());
            assertEquals(emission.getPayload(), record.getPayload(), "egress payload at " + record.getIngressPartition()
                    + "/" + record.getIngressOffset());
        }
    }

    /**
     * Every output a node produced while synchronized equals the replay's for the same record:
     * same emissions, same drop verdict, same state digest; except, for the corrupted backup, the
     * outputs between the mismatch and its resynchronization, whose digests must all differ.
     */
    private static void assertSynchronizedOutputsAreTheReplays(String bootstrap, SchemaRegistryClient registry,
                                                               Deployment deployment, String node,
                                                               Map<String, NodeOutput> replay, Corruption corruption) {
        long compared = 0;
        long diverged = 0;
        for (NodeOutput output : outputs(bootstrap, registry, deployment, node).values()) {
            if (output.getSyncState() != SyncState.SYNCHRONIZED || output.getIngressOffset() < output.getSyncedFrom()) {
                continue;
            }
            String where = node + " at " + output.getIngressPartition() + "/" + output.getIngressOffset();
            NodeOutput expected = replay.get(key(output.getIngressPartition(), output.getIngressOffset()));
            assertNotNull(expected, where);
            assertEquals(expected.getEmissions(), output.getEmissions(), where);
            assertEquals(expected.getDropReason(), output.getDropReason(), where);
            boolean corrupted = corruption != null && output.getIngressPartition() == corruption.partition
                    && output.getIngressOffset() >= corruption.caughtAt && output.getIngressOffset() < corruption.resyncedFrom;
            if (corrupted) {
                assertNotEquals(expected.getStateDigest(), output.getStateDigest(), where + " carries the corruption");
                diverged++;
            } else {
                assertEquals(expected.getStateDigest(), output.getStateDigest(), where);
            }
            compared++;
        }
        System.out.printf("%s: %d synchronized outputs equal to the replay's%s%n", node, compared - diverged,
                corruption == null ? "" : ", " + diverged + " carrying the corruption (never used)");
        assertTrue(compared > SESSIONS / 10, node + " produced synchronized outputs: " + compared);
        if (corruption != null) {
            assertTrue(diverged >= 1, "the corrupted outputs were seen");
        }
    }

    private static void assertLeadership(List<LeaderChange> changes, Corruption corruption) {
        boolean bLedBeforeResync = changes.stream().anyMatch(change -> "b".equals(change.getLeader())
                && change.getPartition() == corruption.partition && change.getWatermark() + 1 < corruption.resyncedFrom);
        assertFalse(bLedBeforeResync, "b was never chosen while corrupted: " + changes);
        assertTrue(changes.stream().noneMatch(change -> "c".equals(change.getLeader())), "c never chosen");
        for (int p = 0; p < PARTITIONS; p++) {
            int partition = p;
            List<String> leaders = changes.stream().filter(c -> c.getPartition() == partition && c.getLeader() != null)
                    .map(LeaderChange::getLeader).distinct().toList();
            assertEquals(List.of("a", "b"), leaders.subList(0, 2), "partition " + p + ": a, then b took over");
        }
    }

    private static void assertCWasRefused(Heartbeats heartbeats, List<EgressRecord> egress) {
        Heartbeat c = heartbeats.latest("c");
        assertNotNull(c);
        assertEquals(PARTITIONS, c.getPartitions().size());
        for (PartitionProgress progress : c.getPartitions()) {
            assertEquals(SyncState.REFUSED, progress.getSyncState());
            assertEquals(-1, progress.getSyncedFrom());
            assertTrue(progress.getDetail().startsWith("static information differs from leader a's: traffic function"
                    + " differs: router vs passthrough"), progress.getDetail());
        }
        assertTrue(egress.stream().noneMatch(record -> record.getNode().equals("c")));
    }

    /** After its reset, a was brought back by b, the leader then: b's declaration to a on every partition. */
    private static void assertBServedTheResetA(String bootstrap, SchemaRegistryClient registry, Deployment deployment) {
        Map<Integer, Integer> declarations = new HashMap<>();
        TopicReader.readAll(bootstrap, deployment.topics().nodeSync("b"), AvroSerde.forValues(SyncMessage.class, registry)
                .deserializer(), record -> {
                    SyncMessage message = record.value();
                    if (message.getBody() instanceof SyncDeclaration && message.getSender().equals("b")
                            && "a".equals(message.getRecipient())) {
                        declarations.merge(message.getPartition(), 1, Integer::sum);
                    }
                });
        assertEquals(Map.of(0, 1, 1, 1, 2, 1), declarations);
    }

    // ---- helpers ------------------------------------------------------------------------------

    /**
     * The simulated first endpoints: {@link #SESSIONS} flows in turn and, every {@link #HOT_EVERY}th
     * packet, the hot flow, {@link #OPENING_RATE} packets per second until every session is open, then
     * {@link #RATE} per second, over a few bridge connections, until
     * stopped. Every packet carries a {@link PayloadStamp}; those the bridge acknowledges are
     * counted as sent.
     */
    private static final class Load implements AutoCloseable {
        private final List<TcpBridgeClient> connections = new ArrayList<>();
        private final EgressTally tally;
        private final long[] nextSeq = new long[SESSIONS + 1];
        private final java.util.concurrent.atomic.AtomicLong acked = new java.util.concurrent.atomic.AtomicLong();
        private final Thread pacer = new Thread(this::pace, "session-load");
        private volatile boolean running = true;
        private volatile long sent;

        Load(int port, EgressTally tally) throws IOException {
            for (int i = 0; i < 4; i++) {
                connections.add(TcpBridgeClient.connect("127.0.0.1", port));
            }
            this.tally = tally;
            pacer.setDaemon(true);
        }

        void start() {
            pacer.start();
        }

        private void pace() {
            long start = System.nanoTime();
            long count = 0;
            int session = 0;
            while (running) {
                long elapsed = System.nanoTime() - start;
                long openingNanos = OPENING_PACKETS * 1_000_000_000L / OPENING_RATE;
                long due = elapsed < openingNanos ? elapsed * OPENING_RATE / 1_000_000_000L
                        : OPENING_PACKETS + (elapsed - openingNanos) * RATE / 1_000_000_000L;
                while (count < due && running) {
                    boolean hot = count % HOT_EVERY == 0;
                    send(hot ? SESSIONS : session, hot ? CORRUPTED_FLOW : "flow-" + session);
                    if (!hot) {
                        session = (session + 1) % SESSIONS;
                    }
                    count++;
                    sent = count;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
        }

        private void send(int index, String flowId) {
            long seq = nextSeq[index]++;
            connections.get(index % connections.size())
                    .send(flowId, new PayloadStamp(flowId, seq).toPayload(64))
                    .whenComplete((reply, error) -> {
                        if (reply instanceof Reply.Ack) {
                            tally.sent(flowId, seq);
                            acked.incrementAndGet();
                        }
                    });
        }

        /** Waits until every session has had a packet. */
        void awaitSessionsOpen(long timeoutMs) throws InterruptedException {
            long deadline = System.currentTimeMillis() + timeoutMs;
            while (sent < OPENING_PACKETS) {
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError("the load did not reach every session within " + timeoutMs + " ms");
                }
                Thread.sleep(100);
            }
        }

        /** Stops sending and waits until every packet sent is answered. */
        void stop() throws Exception {
            running = false;
            pacer.join();
            for (TcpBridgeClient connection : connections) {
                connection.awaitReplies(Duration.ofSeconds(60));
            }
        }

        long acked() {
            return acked.get();
        }

        @Override
        public void close() {
            running = false;
            connections.forEach(TcpBridgeClient::close);
        }
    }

    /** The latest heartbeat of each node, and waits on what they say. */
    private static final class Heartbeats {
        private final Map<String, Heartbeat> latest = new ConcurrentHashMap<>();
        private final java.util.Set<String> deadIncarnations = ConcurrentHashMap.newKeySet();

        synchronized void accept(Heartbeat heartbeat) {
            if (deadIncarnations.contains(heartbeat.getIncarnation())) {
                return; // sent just before the kill, read just after it
            }
            latest.put(heartbeat.getNodeId(), heartbeat);
            notifyAll();
        }

        Heartbeat latest(String node) {
            return latest.get(node);
        }

        /** The node was killed: its heartbeats until now say nothing about its next start. */
        synchronized void forget(String node) {
            Heartbeat last = latest.remove(node);
            if (last != null) {
                deadIncarnations.add(last.getIncarnation());
            }
        }

        /**
         * Waits until a heartbeat of the node sent after {@code sentAfter} (wall clock ms) reports the
         * partition passing {@code condition}; returns that report.
         */
        synchronized PartitionProgress awaitProgress(String node, int partition, long sentAfter,
                                                     Predicate<PartitionProgress> condition, long timeoutMs, String what)
                throws InterruptedException {
            long deadline = System.currentTimeMillis() + timeoutMs;
            while (true) {
                Heartbeat heartbeat = latest.get(node);
                if (heartbeat != null && heartbeat.getSentAt() > sentAfter) {
                    Optional<PartitionProgress> progress = heartbeat.getPartitions().stream()
                            .filter(p -> p.getPartition() == partition).findFirst();
                    if (progress.isPresent() && condition.test(progress.get())) {
                        return progress.get();
                    }
                }
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    throw new AssertionError("timed out waiting until " + what + "; last heartbeat of " + node + ": "
                            + heartbeat);
                }
                wait(left);
            }
        }

        /** Waits until the node reports every partition and each one passes {@code condition}. */
        synchronized void await(String node, Predicate<PartitionProgress> condition, long timeoutMs, String what)
                throws InterruptedException {
            long deadline = System.currentTimeMillis() + timeoutMs;
            while (true) {
                Heartbeat heartbeat = latest.get(node);
                if (heartbeat != null && heartbeat.getPartitions().size() == PARTITIONS
                        && heartbeat.getPartitions().stream().allMatch(condition)) {
                    return;
                }
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    throw new AssertionError("timed out waiting until " + what + "; last heartbeat of " + node + ": "
                            + heartbeat);
                }
                wait(left);
            }
        }
    }

    private static void awaitEgress(EgressClock clock, long acked) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 180_000;
        while (clock.count() < acked && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
    }

    private static String key(int partition, long offset) {
        return partition + "/" + offset;
    }

    private static String[] with(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    private static Optional<Matcher> find(Path log, Pattern pattern) throws IOException {
        List<Matcher> all = findAll(log, pattern);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    private static List<Matcher> findAll(Path log, Pattern pattern) throws IOException {
        List<Matcher> found = new ArrayList<>();
        if (!Files.exists(log)) {
            return found;
        }
        for (String line : Files.readAllLines(log)) {
            Matcher matcher = pattern.matcher(line);
            if (matcher.find()) {
                found.add(matcher);
            }
        }
        return found;
    }

}
