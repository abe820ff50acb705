package io.understudy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.api.FunctionConfig;
import io.understudy.node.NodeReplay;
import io.understudy.records.TrafficPacket;
import io.understudy.schemas.registry.SchemaRegistryException;
import io.understudy.schemas.serde.RecordDecodingException;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

/** The replay runs the node's record path: poison is a drop verdict, an unavailable registry is not. */
class ReferenceReplayTest {

    private final AuditFixture fixture = new AuditFixture(4);

    @Test
    void undecodableRecordsAreDropsNamingWhyAndLeaveTheFlowAlone() {
        ReferenceReplay replay = replay(fixture.packets.deserializer());
        ExpectedOutput first = replay.apply(fixture.ingress.get(0));
        long digestAfterFirst = replay.digest();
        IngressEntry poison = new IngressEntry(0, 1, "flow-0", new byte[] {0x6e, 0x6f}, 5);
        ExpectedOutput dropped = replay.apply(poison);
        assertEquals(1, first.emissions().size());
        assertNull(first.dropReason());
        assertEquals(0, dropped.emissions().size());
        assertTrue(dropped.dropReason().startsWith("undecodable"), dropped.dropReason());
        assertEquals(digestAfterFirst, replay.digest(), "a poison record changes no state");
    }

    @Test
    void aRegistryThatDoesNotAnswerIsAFailureNotAPoisonVerdict() {
        Deserializer<TrafficPacket> down = (topic, data) -> {
            throw new RecordDecodingException(topic, false, "cannot fetch writer schema id 1",
                    new SchemaRegistryException("connection refused", "http://127.0.0.1:1", new java.io.IOException()));
        };
        ReferenceReplay replay = replay(down);
        assertThrows(RecordDecodingException.class, () -> replay.apply(fixture.ingress.get(0)));
        Deserializer<TrafficPacket> failing = (topic, data) -> {
            throw new RecordDecodingException(topic, false, "cannot fetch writer schema id 1",
                    new SchemaRegistryException("internal error", "http://127.0.0.1:1", 500, 50001));
        };
        assertThrows(RecordDecodingException.class, () -> replay(failing).apply(fixture.ingress.get(0)));
        Deserializer<TrafficPacket> unknownId = (topic, data) -> {
            throw new RecordDecodingException(topic, false, "unknown schema id 99",
                    new SchemaRegistryException("not found", "http://127.0.0.1:1", 404, 40403));
        };
        assertTrue(replay(unknownId).apply(fixture.ingress.get(0)).dropReason().startsWith("undecodable: "),
                "a schema id the registry does not have is the record's fault: a drop");
    }

    @Test
    void recordsMustComeInOffsetOrder() {
        ReferenceReplay replay = replay(fixture.packets.deserializer());
        replay.apply(fixture.ingress.get(1));
        assertThrows(IllegalArgumentException.class, () -> replay.apply(fixture.ingress.get(0)));
    }

    private ReferenceReplay replay(Deserializer<TrafficPacket> decoder) {
        return new ReferenceReplay(NodeReplay.of(ReferenceReplay.REPLAY_NODE,
                NodeReplay.function("passthrough", new FunctionConfig(Map.of())), 0, decoder, AuditFixture.INGRESS));
    }
}
