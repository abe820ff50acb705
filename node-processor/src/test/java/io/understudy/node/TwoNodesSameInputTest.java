package io.understudy.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.api.FunctionConfig;
import io.understudy.functions.router.FiveTuple;
import io.understudy.functions.router.RouterFixtures;
import io.understudy.functions.router.RouterFunction;
import io.understudy.functions.router.RouterPacket;
import io.understudy.functions.router.TcpFlags;
import io.understudy.functions.security.SecurityEngineFunction;
import io.understudy.functions.security.SecurityFixtures;
import io.understudy.functions.security.client.SecureSessionClient;
import io.understudy.node.testing.NodeHarness;
import io.understudy.records.NodeOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Two nodes, same input: byte-identical outputs (and so the same digest after every record) for
 * the router and the security engine, through the node's whole record path (decoding, the stored
 * contexts, the digest, the output record), not the function alone. The input is generated from
 * fixed seeds (test data only: the nodes never see a random source) and mixes every verdict: new,
 * established, closed and expired connections, bad flags; handshakes, data in and out of order,
 * replays, forgeries and garbage. The second node starts after the first has processed everything,
 * so no state of the JVM the two share lines them up by accident.
 */
class TwoNodesSameInputTest {

    private static final int PACKETS = 2_000;

    record Input(String flow, byte[] payload, long timestamp) {
    }

    @Test
    void theRouterAnswersAlikeOnTwoNodes() {
        for (long seed : new long[] {1, 2}) {
            FunctionConfig config = RouterFixtures.config(RouterFixtures.writeTable(RouterFixtures.TABLE));
            List<NodeOutput> outputs = assertAlike(RouterFunction.NAME, config, routerTraffic(seed));
            Map<String, Integer> verdicts = verdicts(outputs);
            assertTrue(verdicts.getOrDefault("forwarded", 0) > PACKETS / 4, "seed " + seed + ": " + verdicts);
            assertTrue(verdicts.keySet().size() >= 4, "several kinds of drop, seed " + seed + ": " + verdicts);
        }
    }

    @Test
    void theSecurityEngineAnswersAlikeOnTwoNodes() {
        for (long seed : new long[] {1, 2}) {
            List<NodeOutput> outputs = assertAlike(SecurityEngineFunction.NAME,
                    SecurityFixtures.config(SecurityFixtures.KEY_FILE), securityTraffic(seed));
            Map<String, Integer> verdicts = verdicts(outputs);
            assertTrue(verdicts.getOrDefault("forwarded", 0) > PACKETS / 5, "seed " + seed + ": " + verdicts);
            assertTrue(verdicts.keySet().size() >= 4, "several kinds of drop, seed " + seed + ": " + verdicts);
        }
    }

    /** Both nodes get the input; returns the first node's outputs once every byte was found equal. */
    private static List<NodeOutput> assertAlike(String function, FunctionConfig config, List<Input> input) {
        List<TestRecord<String, byte[]>> fromA;
        List<TestRecord<String, byte[]>> fromB;
        List<NodeOutput> decoded = new ArrayList<>();
        long digestA;
        try (NodeHarness a = node(function, config)) {
            input.forEach(packet -> a.sendBytes(packet.flow(), packet.payload(), packet.timestamp()));
            fromA = a.drainRaw();
            fromA.forEach(record -> decoded.add(a.decode(record.value())));
            digestA = a.status().digest();
        }
        try (NodeHarness b = node(function, config)) {
            input.forEach(packet -> b.sendBytes(packet.flow(), packet.payload(), packet.timestamp()));
            fromB = b.drainRaw();
            assertEquals(digestA, b.status().digest(), "partition digests after the last record");
        }
        assertEquals(input.size(), fromA.size());
        assertEquals(fromA.size(), fromB.size());
        for (int i = 0; i < fromA.size(); i++) {
            assertEquals(fromA.get(i).key(), fromB.get(i).key());
            assertArrayEquals(fromA.get(i).value(), fromB.get(i).value(), function + " output " + i + " differs");
        }
        return decoded;
    }

    private static NodeHarness node(String function, FunctionConfig config) {
        return new NodeHarness("same", function, config, NodeHarness.syncDefaults(true), -1, partition -> Optional.empty());
    }

    private static Map<String, Integer> verdicts(List<NodeOutput> outputs) {
        Map<String, Integer> counts = new TreeMap<>();
        for (NodeOutput output : outputs) {
            String reason = output.getDropReason();
            counts.merge(reason == null ? "forwarded" : reason.replaceAll(":.*", ""), 1, Integer::sum);
        }
        return counts;
    }

    static List<Input> routerTraffic(long seed) {
        Random random = new Random(seed);
        List<FiveTuple> tuples = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String destination = switch (i % 4) {
                case 0 -> "10.1.2.3";
                case 1 -> "10.1.7." + (i + 1);
                case 2 -> "192.168.1." + (i + 1);
                default -> "11.0.0." + (i + 1); // no route
            };
            tuples.add(i % 5 == 4 ? RouterFixtures.udp("10.9.8." + i, 30_000 + i, destination, 53)
                    : RouterFixtures.tcp("10.9.8." + i, 40_000 + i, destination, 443));
        }
        int[] flags = {TcpFlags.SYN, TcpFlags.ACK, TcpFlags.ACK, TcpFlags.ACK, TcpFlags.FIN | TcpFlags.ACK, TcpFlags.RST,
                TcpFlags.SYN | TcpFlags.FIN};
        List<Input> input = new ArrayList<>();
        long time = 1_000;
        for (int i = 0; i < PACKETS; i++) {
            int flow = random.nextInt(tuples.size());
            FiveTuple tuple = tuples.get(flow);
            int flag = tuple.protocol() == RouterPacket.UDP ? 0 : flags[random.nextInt(flags.length)];
            byte[] data = new byte[random.nextInt(64)];
            random.nextBytes(data);
            time += random.nextInt(100) == 0 ? 6_000 : random.nextInt(20); // now and then past the idle timeout
            input.add(new Input("flow-" + flow, RouterPacket.of(tuple, flag, data).encode(), time));
        }
        return input;
    }

    private static List<Input> securityTraffic(long seed) {
        Random random = new Random(seed);
        int flows = 30;
        List<SecureSessionClient> clients = new ArrayList<>();
        List<List<byte[]>> sent = new ArrayList<>();
        for (int flow = 0; flow < flows; flow++) {
            clients.add(SecurityFixtures.client("flow-" + flow, "seed-" + seed + "-" + flow));
            sent.add(new ArrayList<>());
        }
        List<Input> input = new ArrayList<>();
        for (int i = 0; i < PACKETS; i++) {
            int flow = random.nextInt(flows);
            SecureSessionClient client = clients.get(flow);
            List<byte[]> flowSent = sent.get(flow);
            byte[] plaintext = new byte[random.nextInt(48)];
            random.nextBytes(plaintext);
            int dice = random.nextInt(100);
            byte[] wire;
            if (flowSent.isEmpty() || dice < 3) {
                wire = client.handshake(); // the first of a flow, and now and then a second one
            } else if (dice < 65) {
                wire = client.seal(plaintext);
            } else if (dice < 75) {
                wire = client.seal(client.nextSequence() + random.nextInt(80), plaintext); // ahead, leaving holes
            } else if (dice < 85) {
                wire = flowSent.get(random.nextInt(flowSent.size())); // a replay
            } else if (dice < 95) {
                wire = flowSent.get(random.nextInt(flowSent.size())).clone(); // a forgery
                int bit = random.nextInt(wire.length * 8);
                wire[bit / 8] ^= (byte) (1 << (bit % 8));
            } else {
                wire = new byte[1 + plaintext.length]; // garbage
                System.arraycopy(plaintext, 0, wire, 1, plaintext.length);
            }
            flowSent.add(wire);
            input.add(new Input("flow-" + flow, wire, 1_000L + i));
        }
        return input;
    }
}
