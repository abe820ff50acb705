package io.understudy.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.harness.Deployment;
import io.understudy.harness.TopicReader;
import io.understudy.records.LeaderChange;
import io.understudy.records.LeaderChangeReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Nodes that run as several instances (issue 18), with real processes: 12 partitions, nodes a and
 * b each as two Kafka Streams instances (a/a1, a/a2, b/b1, b/b2), the selector, the bridge, and
 * traffic flowing through each phase:
 *
 * <ol>
 *   <li>{@code kill-instance}: kill -9 of the instance of the leader a that holds partition 0: its
 *       partitions fail over to b (judged by that instance's heartbeats, whatever its sibling does),
 *       its sibling's partitions stay with a; the instance restarted, its partitions come back as
 *       a synchronized backup;</li>
 *   <li>{@code add-instance}: a third instance of a joins while traffic flows: partitions move
 *       between a's instances;</li>
 *   <li>{@code sibling-restore}: with b gone, the instance of a holding partition 0 is killed: no
 *       backup is eligible, and its partitions come back once the group gave them to a sibling,
 *       which restored their state from the changelog (the other path, measured).</li>
 * </ol>
 *
 * Every phase: every acknowledged packet on egress once, in order (0 lost, 0 duplicated, 0
 * reordered).
 *
 * <p>Opt-in ({@code -Dunderstudy.instances=true}), not in the default suite: eight JVMs on two cores
 * (four node instances, the selector, the bridge, the registry, the test's own with the broker) and
 * an instance restarting stretch the roles' serial-GC young pauses to 100-310 ms, and a sibling paused past the 300 ms
 * failure timeout is failed over, as the design says a paused node is (docs/reliability.md, "A long
 * garbage-collection pause is a failure"); with the roles' default serial GC the sibling check failed
 * in two runs of two on this machine (the run with GC logs shows the sibling's 310 ms young pause at
 * the moment of its failover). Run it with a low-pause collector for the roles:
 * {@code mvn -B -pl system-tests -am verify -Dtest=NodeInstancesIT -Dsurefire.failIfNoSpecifiedTests=false
 * -Dunderstudy.instances=true "-Dunderstudy.child.jvm.args=-XX:-UseSerialGC -XX:+UseZGC"} (about 100 s).
 */
@EnabledIfSystemProperty(named = "understudy.instances", matches = "true")
class NodeInstancesIT {

    private static final int PARTITIONS = 12;
    /**
     * The long phases (a third instance joining, the sibling-restore path) add minutes to the suite:
     * they run with {@code -Dunderstudy.instances.full=true} as well; the default is the kill-instance phase.
     */
    private static final boolean FULL = Boolean.getBoolean("understudy.instances.full");

    @Test
    void anInstanceOfTheLeaderFailsOverOnlyItsPartitionsAndEveryRecordIsCounted() throws Exception {
        Map<String, Object> observed = new java.util.LinkedHashMap<>();
        List<Integer> killed = new ArrayList<>();
        List<Integer> siblings = new ArrayList<>();
        List<LeaderChange> siblingMoves = new ArrayList<>();
        List<Integer> restoredOnSibling = new ArrayList<>();
        List<LeaderChange> killFailovers = new ArrayList<>();
        String[] killedInstance = {null};
        // the session timeout bounds the sibling-restore path: the broker's minimum, 6 s
        FaultScenario scenario = new FaultScenario("instances", 300, Duration.ofSeconds(60), Duration.ofSeconds(5), false)
                .withNodes(PARTITIONS, 2, Map.of("session.timeout.ms", "6000"));
        List<FaultScenario.Phase> phases = new ArrayList<>(List.of(
                new FaultScenario.Phase("kill-instance", (deployment, leadership, heartbeats) -> {
                    String leader = leadership.leaders().get(0);
                    String instance = heartbeats.holderOf(leader, 0);
                    FaultScenario.require(instance != null, "no instance of " + leader + " reports partition 0");
                    List<Integer> held = heartbeats.partitionsOf(instance);
                    for (int p = 0; p < PARTITIONS; p++) {
                        if (leader.equals(leadership.leaders().get(p))) {
                            (held.contains(p) ? killed : siblings).add(p); // the partitions a leads, by instance
                        }
                    }
                    Map<Integer, String> before = leadership.leaders();
                    int changesBefore = leadership.changes().size();
                    long killedAt = System.currentTimeMillis();
                    deployment.kill9(instance);
                    heartbeats.forget(instance);
                    killedInstance[0] = instance;
                    FaultScenario.require(leadership.awaitLeaderOtherThanOn(leader, killed, 30_000),
                            "partitions " + killed + " of " + instance + " did not fail over");
                    for (LeaderChange change : leadership.changes().subList(changesBefore, leadership.changes().size())) {
                        if (killed.contains(change.getPartition()) && change.getReason() == LeaderChangeReason.LEADER_FAILED) {
                            killFailovers.add(change);
                        }
                    }
                    observed.put("kill-instance: failover seen (ms after kill -9 of " + instance + ")",
                            System.currentTimeMillis() - killedAt);
                    observed.put("kill-instance: loadavg", loadAverage());
                    Thread.sleep(3_000);
                    long restartedAt = System.currentTimeMillis();
                    deployment.restart(instance);
                    FaultScenario.require(heartbeats.awaitCaughtUp(instance, ends(deployment), 180_000),
                            instance + " did not come back synchronized; see " + deployment.node(instance).logFile());
                    observed.put("kill-instance: restarted instance synchronized on " + heartbeats.partitionsOf(instance)
                            + " (ms after restart)", System.currentTimeMillis() - restartedAt);
                    // over the whole phase (the group's rebalances included): the sibling's partitions never failed;
                    // a stall move (a starved node on two cores) is legal and reported
                    for (LeaderChange change : leadership.changes().subList(changesBefore, leadership.changes().size())) {
                        if (siblings.contains(change.getPartition()) && change.getLeader() != null
                                && !change.getLeader().equals(before.get(change.getPartition()))) {
                            if (change.getReason() == LeaderChangeReason.LEADER_FAILED) {
                                siblingMoves.add(change);
                            } else {
                                observed.put("kill-instance: sibling partition " + change.getPartition() + " moved",
                                        change.getReason() + ": " + change.getDetail());
                            }
                        }
                    }
                })));
        if (FULL) {
            phases.add(
                new FaultScenario.Phase("add-instance", (deployment, leadership, heartbeats) -> {
                    long startedAt = System.currentTimeMillis();
                    deployment.startNodeProcess("a/a3");
                    long deadline = startedAt + 120_000;
                    while (heartbeats.partitionsOf("a/a3").isEmpty() && System.currentTimeMillis() < deadline) {
                        Thread.sleep(200);
                    }
                    observed.put("add-instance: a3 holds " + heartbeats.partitionsOf("a/a3") + " (ms after start)",
                            System.currentTimeMillis() - startedAt);
                    FaultScenario.require(heartbeats.awaitCaughtUp("a", ends(deployment), 120_000),
                            "node a did not catch up on every partition after a3 joined");
                }));
            phases.add(
                new FaultScenario.Phase("sibling-restore", (deployment, leadership, heartbeats) -> {
                    for (String b : List.of("b/b1", "b/b2")) {
                        deployment.kill9(b);
                        heartbeats.forget(b);
                    }
                    FaultScenario.require(leadership.awaitLeaderOtherThanOn("b", range(PARTITIONS), 30_000),
                            "a did not take back the partitions b led");
                    Thread.sleep(1_000);
                    String instance = heartbeats.holderOf("a", 0);
                    FaultScenario.require(instance != null, "no instance of a reports partition 0");
                    List<Integer> held = heartbeats.partitionsOf(instance);
                    int changesBefore = leadership.changes().size();
                    long killedAt = System.currentTimeMillis();
                    deployment.kill9(instance);
                    heartbeats.forget(instance);
                    long deadline = killedAt + 120_000;
                    while (returned(leadership.changes().subList(changesBefore, leadership.changes().size()))
                            .size() < held.size() && System.currentTimeMillis() < deadline) {
                        Thread.sleep(100);
                    }
                    restoredOnSibling.addAll(returned(leadership.changes().subList(changesBefore,
                            leadership.changes().size())));
                    observed.put("sibling-restore: partitions " + held + " of " + instance + " back with a sibling"
                            + " (ms after kill -9)", System.currentTimeMillis() - killedAt);
                    observed.put("sibling-restore: loadavg", loadAverage());
                }));
        }
        List<FaultScenario.PhaseOutcome> outcomes = scenario.runPhases(phases);

        observed.forEach((what, value) -> System.out.println("instances: " + what + ": " + value));
        for (FaultScenario.PhaseOutcome outcome : outcomes) {
            System.out.println("instances: " + outcome.line() + " gap_by_partition=" + outcome.gapByPartition());
            assertEquals(0, outcome.tally().lost(), outcome.phase() + ": lost");
            assertEquals(0, outcome.tally().duplicated(), outcome.phase() + ": duplicated");
            assertEquals(0, outcome.tally().reordered(), outcome.phase() + ": reordered");
            assertEquals(0, outcome.tally().mismatched(), outcome.phase() + ": mismatched");
            assertEquals(outcome.tally().sent(), outcome.tally().egress(), outcome.phase() + ": every packet once");
            assertTrue(outcome.tally().sent() > 1_000, outcome.phase() + ": traffic flowed: " + outcome.tally().sent());
        }
        FaultScenario.PhaseOutcome kill = outcomes.get(0);
        System.out.printf("instances: kill-instance: egress gap on the killed instance's partitions %s: %d ms; on its"
                + " sibling's %s: %d ms%n", killed, kill.maxGapOn(killed), siblings, kill.maxGapOn(siblings));
        assertEquals(phases.size(), outcomes.size());
        assertTrue(!killed.isEmpty() && !siblings.isEmpty(), "a's partitions were spread over both its instances: killed "
                + killed + ", siblings " + siblings);
        assertEquals(List.of(), siblingMoves, "the sibling's partitions never fail over");
        assertEquals(new TreeSet<>(killed), new TreeSet<>(killFailovers.stream().map(LeaderChange::getPartition).toList()),
                "each of the killed instance's partitions failed over: " + killFailovers);
        assertTrue(killFailovers.stream().allMatch(c -> c.getDetail().startsWith("no heartbeat from " + killedInstance[0]
                + " for ")), "judged by the killed instance's own heartbeats: " + killFailovers);
        if (FULL) {
            System.out.printf("instances: sibling-restore: egress gap %d ms%n", outcomes.get(2).maxGapMs());
            assertEquals(new TreeSet<>(restoredOnSibling).size(), restoredOnSibling.size());
            assertTrue(!restoredOnSibling.isEmpty(), "the killed instance's partitions came back through a sibling");
        }
    }

    /** Partitions whose leader returned (their leader's instance came back, here a sibling that restored them). */
    private static List<Integer> returned(List<LeaderChange> changes) {
        return changes.stream().filter(c -> c.getReason() == LeaderChangeReason.LEADER_RETURNED)
                .map(LeaderChange::getPartition).distinct().toList();
    }

    private static List<Integer> range(int partitions) {
        List<Integer> all = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            all.add(p);
        }
        return all;
    }

    /** Per ingress partition, its last offset now. */
    private static Map<Integer, Long> ends(Deployment deployment) {
        Map<Integer, Long> targets = new HashMap<>();
        TopicReader.endOffsets(deployment.endpoints().bootstrapServers(), deployment.topics().ingress())
                .forEach((p, end) -> targets.put(p, end - 1));
        return targets;
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
