package io.understudy.system;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.harness.Deployment;
import io.understudy.harness.EgressTally;
import io.understudy.harness.HeartbeatWatch;
import io.understudy.harness.TopicReader;
import io.understudy.stack.StackEndpoints;
import io.understudy.stack.files.Directories;
import io.understudy.stack.junit.UnderstudyStackExtension;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Three restarts, one after the other on one deployment (bridge, nodes a and b, the selector, each
 * a JVM of its own, on a Kafka broker that is a process of its own too), each with traffic of its
 * own from endpoints that retry, and each counted on its own, every record:
 *
 * <ol>
 *   <li><b>broker-restart</b>: the broker is killed with SIGKILL mid-traffic and started again on its
 *       data; the bridge refuses packets while Kafka is gone (the endpoints retry them), and the
 *       bridge, the nodes and the selector reconnect by themselves;</li>
 *   <li><b>bridge-kill</b>: the ingress bridge is killed with SIGKILL and started again on the same
 *       port while the endpoints keep sending; they reconnect and send again what went unanswered;</li>
 *   <li><b>node-wipe</b>: the node leading the fewest partitions (the backup) is killed with SIGKILL,
 *       its state directory deleted, and it is started with {@code --reset-state}; once the leader
 *       has synchronized it, the leader is killed with SIGKILL and the wiped node takes over.</li>
 * </ol>
 *
 * The schema registry is the test JVM's shared one. Per phase: every payload byte for byte what its
 * endpoint sent, nothing lost, duplicated or reordered, every record from the leader of its epoch,
 * nothing refused in the end. A packet whose acknowledgement died with the bridge is on ingress twice
 * once its endpoint retried it; the endpoints number their packets, so the nodes apply it once
 * ({@code duplicate-sequence}): every egress copy of a payload counts as a duplicate, retries
 * included, and there must be none.
 */
@ExtendWith(UnderstudyStackExtension.class)
class RestartFaultsIT {

    @Test
    void theBrokerTheBridgeAndAWipedNodeRestartWithNothingLostDuplicatedOrReordered(StackEndpoints shared)
            throws Exception {
        FaultScenario scenario = new FaultScenario("restarts", 300, Duration.ZERO, Duration.ofSeconds(4), false)
                .withOwnBroker(shared.schemaRegistryUrl());
        String[] wiped = {null};
        List<FaultScenario.PhaseOutcome> outcomes = scenario.runPhases(List.of(
                new FaultScenario.Phase("broker-restart", (deployment, leadership, heartbeats) -> {
                    long killedAt = System.currentTimeMillis();
                    scenario.broker().kill9();
                    scenario.broker().restart();
                    System.out.println("restarts: the broker answered again " + (System.currentTimeMillis() - killedAt)
                            + " ms after its SIGKILL");
                    // both nodes reconnected: a heartbeat of each through the new broker (catching up is counted on
                    // egress when the phase drains; the bridge's and the selector's reconnection shows there too)
                    Map<Integer, Long> anyOffset = new HashMap<>();
                    for (int p = 0; p < FaultScenario.PARTITIONS; p++) {
                        anyOffset.put(p, -1L);
                    }
                    for (String node : List.of("a", "b")) {
                        heartbeats.forget(node);
                        FaultScenario.require(heartbeats.awaitCaughtUp(node, anyOffset, 180_000), node
                                + " did not reconnect; see " + deployment.node(node).logFile());
                    }
                }),
                new FaultScenario.Phase("bridge-kill", (deployment, leadership, heartbeats) -> {
                    deployment.killBridge();
                    Thread.sleep(1_000); // endpoints find the port closed meanwhile, and keep trying
                    deployment.startBridge();
                }),
                new FaultScenario.Phase("node-wipe", (deployment, leadership, heartbeats) -> {
                    Map<Integer, String> leaders = leadership.leaders();
                    long ledByA = leaders.values().stream().filter("a"::equals).count();
                    long ledByB = leaders.values().stream().filter("b"::equals).count();
                    wiped[0] = ledByB <= ledByA ? "b" : "a";
                    String other = wiped[0].equals("b") ? "a" : "b";
                    deployment.kill9(wiped[0]);
                    heartbeats.forget(wiped[0]);
                    if (leaders.containsValue(wiped[0])) {
                        FaultScenario.require(leadership.awaitLeaderOtherThan(wiped[0], FaultScenario.PARTITIONS, 90_000),
                                "no failover away from " + wiped[0]);
                    }
                    Directories.deleteRecursively(deployment.workDir().resolve("state").resolve("node-" + wiped[0]));
                    deployment.restart(wiped[0], "--reset-state");
                    awaitEveryNodeCaughtUp(deployment, heartbeats, List.of(wiped[0]));
                    deployment.kill9(other);
                    heartbeats.forget(other);
                    FaultScenario.require(leadership.awaitLeaderOtherThan(other, FaultScenario.PARTITIONS, 90_000),
                            "no failover from " + other + " to the wiped node " + wiped[0]);
                })));

        for (FaultScenario.PhaseOutcome outcome : outcomes) {
            System.out.println("restarts: RESULT " + outcome.line());
        }
        assertEquals(3, outcomes.size());
        for (FaultScenario.PhaseOutcome outcome : outcomes) {
            EgressTally.Result tally = outcome.tally();
            String phase = outcome.phase();
            assertAll(phase,
                    () -> assertEquals(0, tally.lost(), phase + ": lost"),
                    () -> assertEquals(0, tally.duplicated(), phase + ": duplicated"),
                    () -> assertEquals(0, tally.reordered(), phase + ": reordered"),
                    () -> assertEquals(0, tally.wrongLeader(), phase + ": wrong leader"),
                    () -> assertEquals(0, tally.mismatched(), phase + ": payloads not what was sent"),
                    () -> assertEquals(0, tally.unexpected(), phase + ": unexpected"),
                    () -> assertEquals(0, outcome.refused(), phase + ": refused in the end (endpoints retry)"),
                    () -> assertEquals(tally.sent(), tally.egress(), phase + ": egress count, every copy counted"),
                    () -> assertTrue(tally.sent() > 2_000, phase + ": traffic flowed: " + tally.sent()));
        }
        // each fault hit the traffic: the endpoints had to retry through the broker's and the bridge's absence
        // (while the broker is down the bridge's producer holds packets for up to its delivery timeout:
        // a broker back within it costs the endpoints no retry, only a pause of egress)
        assertTrue(outcomes.get(0).resends() > 0 || outcomes.get(0).maxGapMs() > 2_000,
                "the broker's absence made the endpoints retry or paused egress: " + outcomes.get(0).line());
        assertTrue(outcomes.get(1).retriedPackets() > 0 && outcomes.get(1).reconnects() > 0,
                "the bridge's death made the endpoints reconnect and retry");
        // only the bridge's death can leave a packet on ingress whose acknowledgement never arrived; such
        // copies (when the kill caught one) were dropped by the nodes: none reached egress (duplicated=0 above)
        System.out.println("restarts: the bridge's death left " + outcomes.get(1).ingressCopies()
                + " packets on ingress twice, every copy dropped by the nodes");
        assertEquals(0, outcomes.get(2).ingressCopies(), "node-wipe: nothing retried, no copy on ingress");
        System.out.println("restarts: the wiped node was " + wiped[0]);
    }

    /** Waits until each node is synchronized on every partition and has processed the ingress written so far. */
    private static void awaitEveryNodeCaughtUp(Deployment deployment, HeartbeatWatch heartbeats, List<String> nodes)
            throws InterruptedException {
        Map<Integer, Long> ends = new HashMap<>();
        TopicReader.endOffsets(deployment.endpoints().bootstrapServers(), deployment.topics().ingress())
                .forEach((p, end) -> ends.put(p, end - 1));
        for (String node : nodes) {
            FaultScenario.require(heartbeats.awaitCaughtUp(node, ends, 180_000), node + " did not catch up; see "
                    + deployment.node(node).logFile());
        }
    }
}
