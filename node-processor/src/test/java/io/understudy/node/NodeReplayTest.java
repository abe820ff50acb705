package io.understudy.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.api.FunctionConfig;
import io.understudy.functions.router.RouterFixtures;
import io.understudy.functions.router.RouterFunction;
import io.understudy.node.testing.NodeHarness;
import io.understudy.records.NodeOutput;
import io.understudy.records.PacketKind;
import io.understudy.records.TrafficPacket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The replay entry point answers every record exactly as a live node does (its Kafka Streams
 * topology under TopologyTestDriver), output record for output record and digest for digest:
 * for a stateful function (the router) and for undecodable records among the packets.
 */
class NodeReplayTest {

    @Test
    void theReplayAnswersEveryRecordAsTheLiveNodeDoes() {
        FunctionConfig config = RouterFixtures.config(RouterFixtures.writeTable(RouterFixtures.TABLE));
        List<TwoNodesSameInputTest.Input> input = TwoNodesSameInputTest.routerTraffic(1);
        List<byte[]> values = new ArrayList<>();
        try (NodeHarness live = new NodeHarness("a", RouterFunction.NAME, config, NodeHarness.syncDefaults(true), -1,
                partition -> Optional.empty())) {
            for (int i = 0; i < input.size(); i++) {
                TwoNodesSameInputTest.Input packet = input.get(i);
                byte[] value = i % 97 == 5 ? new byte[] {0x6e, 0x6f} // now and then a record that does not decode
                        : live.packets().serializer().serialize(live.topics.ingress(), new TrafficPacket(packet.flow(),
                                PacketKind.DATA, ByteBuffer.wrap(packet.payload()), "test", -1L));
                values.add(value);
                live.sendRaw(packet.flow(), value, packet.timestamp());
            }
            List<NodeOutput> fromNode = live.drainOutputs();
            assertEquals(input.size(), fromNode.size());

            NodeReplay replay = NodeReplay.of("a", NodeReplay.function(RouterFunction.NAME, config), 0,
                    live.packets().deserializer(), live.topics.ingress());
            int drops = 0;
            int undecodable = 0;
            for (int i = 0; i < input.size(); i++) {
                long offset = fromNode.get(i).getIngressOffset();
                NodeOutput replayed = replay.apply(offset, input.get(i).flow(), values.get(i), input.get(i).timestamp());
                assertEquals(fromNode.get(i), replayed, "output of ingress offset " + offset);
                drops += replayed.getDropReason() == null ? 0 : 1;
                undecodable += replayed.getDropReason() != null && replayed.getDropReason().startsWith("undecodable") ? 1 : 0;
            }
            assertEquals(live.status().digest(), replay.digest(), "digest after the last record");
            assertEquals(21, undecodable);
            assertEquals(1411, drops, "router drops, the undecodable records included (seed 1)");
        }
    }

    @Test
    void recordsMustComeInOffsetOrder() {
        NodeReplay replay = NodeReplay.of("a", NodeReplay.function("passthrough", FunctionConfig.empty()), 3,
                (topic, data) -> null, "understudy.ingress");
        assertEquals(3, replay.partition());
        assertEquals("undecodable: empty record", replay.apply(7, "flow", new byte[] {1}, 1).getDropReason());
        IllegalArgumentException back = assertThrows(IllegalArgumentException.class,
                () -> replay.apply(7, "flow", new byte[] {1}, 2));
        assertEquals("ingress offset 7 after 7: the replay needs the partition in offset order", back.getMessage());
    }

    @Test
    void anUnknownFunctionIsRefusedNamingTheKnownOnes() {
        NodeConfig config = new NodeConfig(Map.of(NodeConfig.NODE_ID_CONFIG, "replay", NodeConfig.FUNCTION_CONFIG, "nope",
                NodeConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092", NodeConfig.SCHEMA_REGISTRY_URL_CONFIG, "http://unused"));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> NodeReplay.of(config, 0, (topic, data) -> null));
        assertTrue(unknown.getMessage().startsWith("unknown traffic function 'nope'; known: ["), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("passthrough"), unknown.getMessage());
    }
}
