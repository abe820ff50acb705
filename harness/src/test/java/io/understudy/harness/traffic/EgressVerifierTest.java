package io.understudy.harness.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.api.Emission;
import io.understudy.api.FunctionConfig;
import io.understudy.api.Outcome;
import io.understudy.api.Packet;
import io.understudy.api.TrafficFunction;
import io.understudy.functions.passthrough.PassthroughProvider;
import io.understudy.functions.router.RouterFunction;
import io.understudy.functions.router.RouterPacket;
import io.understudy.functions.security.SecurityConfig;
import io.understudy.functions.security.SecurityEngineFunction;
import io.understudy.harness.FunctionSetup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator's packets through the real traffic functions (no Kafka): what comes out is what the
 * sent log says went in, and a changed payload, route or NAT binding is caught.
 */
class EgressVerifierTest {

    private static final int FLOWS = 6;
    private static final int PACKETS_PER_FLOW = 5;

    @TempDir
    Path dir;

    /** One emission of the function, with the packet it answers. */
    private record Out(OutgoingPacket in, Emission emission) {
    }

    @Test
    void securityEngineEgressIsThePlaintextTheClientEncrypted() {
        FunctionSetup setup = FunctionSetup.prepare("security-engine", dir);
        SecurityEngineFunction function = new SecurityEngineFunction(SecurityConfig.from(new FunctionConfig(setup.nodeSettings())));
        Run run = run(setup, function);
        assertEquals(FLOWS * PACKETS_PER_FLOW, run.outputs.size(), "every data packet decrypted, handshakes emit nothing");
        assertEquals(FLOWS, run.verifier.sent().handshakes());
        for (Out out : run.outputs) {
            assertNull(run.verifier.mismatch(out.emission.payload(), out.emission.destination()), out.in.flowId());
        }
        byte[] tampered = run.outputs.get(3).emission.payload().clone();
        tampered[tampered.length - 1] ^= 1;
        assertNotNull(run.verifier.mismatch(tampered, null), "a changed byte is a mismatch");
        assertTrue(run.verifier.mismatch(run.outputs.get(0).in.wire(), null) != null, "ciphertext is not plaintext");
    }

    @Test
    void routerEgressCarriesTheDataToTheTablesNextHopFromTheFlowsNatBinding() {
        FunctionSetup setup = FunctionSetup.prepare("router", dir);
        Run run = run(setup, new RouterFunction(setup.router()));
        assertEquals(FLOWS * PACKETS_PER_FLOW, run.outputs.size());
        List<String> hops = new ArrayList<>();
        for (Out out : run.outputs) {
            assertNull(run.verifier.mismatch(out.emission.payload(), out.emission.destination()), out.in.flowId());
            hops.add(out.emission.destination());
        }
        assertTrue(hops.containsAll(List.of("hop-a", "hop-b", "hop-c", "hop-z")), "every route used: " + hops);

        Emission first = run.outputs.get(0).emission;
        assertTrue(run.verifier.mismatch(first.payload(), "hop-q").contains("the table says"), "wrong next hop");
        byte[] untranslated = run.outputs.get(0).in.wire();
        assertTrue(run.verifier.mismatch(untranslated, first.destination()).contains("NAT binding"), "source not translated");
        RouterPacket parsed = RouterPacket.parse(first.payload());
        byte[] otherPort = new RouterPacket(parsed.protocol(), parsed.flags(), parsed.sourceAddress(),
                parsed.destinationAddress(), parsed.sourcePort(), parsed.destinationPort() + 1, parsed.data()).encode();
        assertTrue(run.verifier.mismatch(otherPort, first.destination()).contains("header changed"), "destination port changed");
    }

    @Test
    void passthroughEgressIsThePayloadSent() {
        FunctionSetup setup = FunctionSetup.prepare("passthrough", dir);
        Run run = run(setup, new PassthroughProvider().create(FunctionConfig.empty()));
        for (Out out : run.outputs) {
            assertNull(run.verifier.mismatch(out.emission.payload(), out.emission.destination()));
        }
        assertTrue(run.verifier.mismatch("flow-0#999|...".getBytes(), null).contains("never acknowledged"));
        assertTrue(run.verifier.mismatch("no stamp".getBytes(), null).startsWith("no payload stamp"));
    }

    private record Run(List<Out> outputs, EgressVerifier verifier) {
    }

    /** Sends every flow's packets, round robin, through the function; records them as a bridge would ack them. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private Run run(FunctionSetup setup, TrafficFunction<?> function) {
        Path logFile = dir.resolve("sent.tsv");
        List<FlowClient> clients = new ArrayList<>();
        for (int i = 0; i < FLOWS; i++) {
            clients.add(FlowClient.open(setup.protocol(), i, "flow-" + i, new Payloads(64, 7), setup.nodePublicKey()));
        }
        Map<String, Object> states = new HashMap<>();
        List<Out> outputs = new ArrayList<>();
        long offset = 0;
        try (SentLog log = SentLog.create(logFile, "test")) {
            int packets = setup.protocol() == ClientProtocol.SECURITY_ENGINE ? PACKETS_PER_FLOW + 1 : PACKETS_PER_FLOW;
            for (int round = 0; round < packets; round++) {
                for (FlowClient client : clients) {
                    OutgoingPacket packet = client.next();
                    log.acknowledged(packet, Delivery.acknowledged(0, offset));
                    Outcome<?> outcome = ((TrafficFunction) function).process(states.get(packet.flowId()),
                            new Packet(packet.flowId(), 0, offset, 1_000 + offset, false, packet.wire()));
                    offset++;
                    assertNull(outcome.dropReason(), "nothing dropped: " + packet.flowId() + "#" + packet.seq());
                    states.put(packet.flowId(), outcome.state());
                    outcome.emissions().forEach(e -> outputs.add(new Out(packet, e)));
                }
            }
        }
        return new Run(outputs, new EgressVerifier(setup.protocol(), SentLog.read(logFile), setup.router()));
    }
}
