package io.understudy.harness.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.understudy.functions.security.client.SecurityKeys;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The number each packet of a flow carries on the wire, for the nodes to apply it once. */
class FlowClientTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"passthrough", "router", "security-engine"})
    void everyPacketOfAFlowIsNumberedFromZeroTheHandshakeIncluded(String function) throws Exception {
        ClientProtocol protocol = ClientProtocol.of(function);
        byte[] nodeKey = protocol == ClientProtocol.SECURITY_ENGINE ? SecurityKeys.generate(dir.resolve("node.key")) : null;
        FlowClient client = FlowClient.open(protocol, 3, "flow-3", new Payloads(32, 1), nodeKey);
        List<Long> sequences = new ArrayList<>();
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            OutgoingPacket packet = client.next();
            sequences.add(packet.sequence());
            seqs.add(packet.seq());
        }
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), sequences);
        assertEquals(function.equals("security-engine") ? List.of(-1L, 0L, 1L, 2L, 3L) : List.of(0L, 1L, 2L, 3L, 4L), seqs,
                "the payload numbers (the stamps) are apart from the wire numbers");
    }
}
