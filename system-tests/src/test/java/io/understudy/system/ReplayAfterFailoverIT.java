package io.understudy.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.bridge.client.TcpBridgeClient;
import io.understudy.bridge.tcp.frame.Reply;
import io.understudy.functions.security.ReplayWindow;
import io.understudy.functions.security.SecurityDropReason;
import io.understudy.functions.security.client.SecureSessionClient;
import io.understudy.harness.Deployment;
import io.understudy.harness.FunctionSetup;
import io.understudy.harness.HeartbeatWatch;
import io.understudy.harness.LeadershipWatch;
import io.understudy.harness.TopicReader;
import io.understudy.harness.TopicTail;
import io.understudy.records.EgressRecord;
import io.understudy.records.Heartbeat;
import io.understudy.records.LeaderChange;
import io.understudy.records.NodeOutput;
import io.understudy.schemas.registry.SchemaRegistryClient;
import io.understudy.schemas.serde.AvroSerde;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * After a failover, packets captured before it and sent again are rejected by the new primary:
 * real processes (bridge, nodes a and b, selector), a live security-engine session, a killed with
 * SIGKILL. The backup decrypted every packet itself, so its replay window is the primary's: a
 * resent packet within the window is dropped as a replay, one from further back as outside the
 * window, and the session carries on with the next sequence number. The drop verdicts are read from
 * the new primary's output topic (egress carries payloads only, so a rejected packet leaves no egress
 * record; that is checked too).
 */
class ReplayAfterFailoverIT {

    private static final String FLOW = "captured-session";
    private static final int BEFORE = 80;

    @Test
    void theNewPrimaryRejectsPacketsReplayedFromBeforeTheFailover() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "replay-after-failover-it"))
                .resolve("run-" + System.currentTimeMillis()).toAbsolutePath();
        FunctionSetup setup = FunctionSetup.prepare("security-engine", dir);
        try (Deployment deployment = Deployment.prepare(dir, 1, List.of("a", "b"), "security-engine", Map.of(),
                setup.nodeSettings());
             SchemaRegistryClient registry = SchemaRegistryClient.forUrl(deployment.endpoints().schemaRegistryUrl())) {
            String bootstrap = deployment.endpoints().bootstrapServers();
            LeadershipWatch leadership = new LeadershipWatch();
            HeartbeatWatch heartbeats = new HeartbeatWatch();
            try (TopicTail<LeaderChange> leadershipTail = new TopicTail<>(bootstrap, deployment.topics().leadership(),
                         AvroSerde.forValues(LeaderChange.class, registry).deserializer(), true,
                         r -> leadership.accept(r.value())).start();
                 TopicTail<Heartbeat> heartbeatTail = TopicTail.heartbeats(bootstrap, deployment.topics(), List.of("a", "b"),
                         AvroSerde.forValues(Heartbeat.class, registry).deserializer(), heartbeats::accept).start()) {
                deployment.startBridge();
                deployment.startNode("a", "--initial-primary");
                deployment.startNode("b");
                deployment.startSelector("a");
                for (String node : List.of("a", "b")) {
                    assertTrue(heartbeats.awaitCaughtUp(node, Map.of(0, -1L), 90_000), node + " started");
                }
                assertTrue(leadership.awaitLeaders(1, 60_000), "a leads");

                try (TcpBridgeClient bridge = TcpBridgeClient.connect("127.0.0.1", deployment.bridgeTcpPort())) {
                    SecureSessionClient session = SecureSessionClient.open(FLOW, setup.nodePublicKey());
                    ack(bridge.send(FLOW, session.handshake()));
                    List<byte[]> sealed = new ArrayList<>();
                    long lastOffset = -1;
                    for (int seq = 0; seq < BEFORE; seq++) {
                        sealed.add(session.seal(plaintext("before failover " + seq)));
                        lastOffset = ack(bridge.send(FLOW, sealed.get(seq))).offset();
                    }
                    // both nodes applied the whole session so far: b's window is a's
                    assertTrue(heartbeats.awaitCaughtUp("a", Map.of(0, lastOffset), 60_000), "a processed the session");
                    assertTrue(heartbeats.awaitCaughtUp("b", Map.of(0, lastOffset), 60_000), "b processed the session");

                    deployment.kill9("a");
                    heartbeats.forget("a");
                    assertTrue(leadership.awaitLeaderOtherThan("a", 1, 30_000), "b took over from a");

                    long recent = BEFORE - 5;                      // within the 64-packet window: a replay
                    long old = BEFORE - 1 - ReplayWindow.SIZE - 5; // behind the window
                    long replayed = ack(bridge.send(FLOW, sealed.get((int) recent))).offset();
                    long tooOld = ack(bridge.send(FLOW, sealed.get((int) old))).offset();
                    long fresh = ack(bridge.send(FLOW, session.seal(plaintext("after failover")))).offset();

                    Map<Long, NodeOutput> verdicts = awaitOutputsOf(deployment, registry, "b", fresh);
                    assertEquals(SecurityDropReason.REPLAY.phrase(), verdicts.get(replayed).getDropReason(),
                            "a packet resent from within the window");
                    assertTrue(verdicts.get(replayed).getEmissions().isEmpty());
                    assertEquals(SecurityDropReason.OUTSIDE_REPLAY_WINDOW.phrase(), verdicts.get(tooOld).getDropReason(),
                            "a packet resent from behind the window");
                    assertNull(verdicts.get(fresh).getDropReason(), "the session goes on");

                    List<EgressRecord> egress = awaitEgress(deployment, registry, fresh);
                    List<String> texts = new ArrayList<>();
                    for (EgressRecord record : egress) {
                        texts.add(StandardCharsets.UTF_8.decode(record.getPayload().duplicate()).toString());
                        assertFalse(record.getIngressOffset() == replayed || record.getIngressOffset() == tooOld,
                                "a rejected packet reached egress: " + record);
                    }
                    List<String> expected = new ArrayList<>();
                    for (int seq = 0; seq < BEFORE; seq++) {
                        expected.add("before failover " + seq);
                    }
                    expected.add("after failover");
                    assertEquals(expected, texts, "egress: every plaintext once, in order, nothing replayed");
                    EgressRecord last = egress.get(egress.size() - 1);
                    assertEquals("b", last.getNode(), "the packet after the failover came from the new primary");
                    assertEquals(fresh, last.getIngressOffset());
                    assertTrue(leadership.changes().stream().anyMatch(c -> c.getEpoch() == last.getLeaderEpoch()
                            && "b".equals(c.getLeader())), "b led the epoch of the last egress record");
                }
                leadershipTail.check();
                heartbeatTail.check();
            }
        }
    }

    private static byte[] plaintext(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Reply.Ack ack(CompletableFuture<Reply> reply) throws Exception {
        Reply answer = reply.get(30, TimeUnit.SECONDS);
        assertTrue(answer instanceof Reply.Ack, "the bridge acknowledged: " + answer);
        return (Reply.Ack) answer;
    }

    /** The node's outputs by ingress offset, once it has answered {@code upTo}. */
    private static Map<Long, NodeOutput> awaitOutputsOf(Deployment deployment, SchemaRegistryClient registry, String node,
                                                        long upTo) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            Map<Long, NodeOutput> outputs = new HashMap<>();
            TopicReader.readAll(deployment.endpoints().bootstrapServers(), deployment.topics().nodeOutput(node),
                    AvroSerde.forValues(NodeOutput.class, registry).deserializer(),
                    r -> outputs.put(r.value().getIngressOffset(), r.value()));
            if (outputs.containsKey(upTo)) {
                return outputs;
            }
            assertTrue(System.currentTimeMillis() < deadline, node + " answered offset " + upTo + " within 60 s");
            Thread.sleep(500);
        }
    }

    /** The whole egress topic, once it holds the answer to {@code upTo}. */
    private static List<EgressRecord> awaitEgress(Deployment deployment, SchemaRegistryClient registry, long upTo)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            List<EgressRecord> egress = new ArrayList<>();
            TopicReader.readAll(deployment.endpoints().bootstrapServers(), deployment.topics().egress(),
                    AvroSerde.forValues(EgressRecord.class, registry).deserializer(), r -> egress.add(r.value()));
            if (egress.stream().anyMatch(r -> r.getIngressOffset() == upTo)) {
                return egress;
            }
            assertTrue(System.currentTimeMillis() < deadline, "egress reached offset " + upTo + " within 60 s");
            Thread.sleep(500);
        }
    }
}
