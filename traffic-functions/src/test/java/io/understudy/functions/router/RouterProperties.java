package io.understudy.functions.router;

import io.understudy.api.Emission;
import io.understudy.api.Packet;
import io.understudy.api.TrafficFunction;
import io.understudy.functions.testing.HotStandby;
import io.understudy.functions.testing.Step;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouterProperties {

    static final Path TABLE = RouterFixtures.writeTable(RouterFixtures.TABLE);
    static final Supplier<TrafficFunction<?>> FACTORY = () -> new RouterProvider().create(RouterFixtures.config(TABLE));
    static final NatPool POOL = new NatPool(Ipv4Prefix.parse("192.0.2.0/28"), 1024, 65535);

    /** The flows of the generated traffic: TCP to routed hosts, TCP to nowhere, UDP. */
    static final List<FiveTuple> FLOWS = List.of(
            RouterFixtures.tcp("10.9.8.7", 40000, "10.1.2.3", 443),
            RouterFixtures.tcp("10.9.8.8", 40001, "10.1.7.1", 80),
            RouterFixtures.tcp("10.9.8.9", 40002, "11.0.0.1", 80),
            RouterFixtures.udp("10.9.8.7", 5353, "192.168.1.1", 53));

    /** One generated packet: which flow, which flags, how much record time passed, what is broken. */
    record Action(int flow, int flags, long advanceMs, int defect, byte[] data) {
    }

    @Property(tries = 300)
    void twoInstancesProduceIdenticalTranscriptsThatFollowTheDocumentedTable(@ForAll("actions") List<Action> actions) {
        List<Packet> packets = packets(actions);
        List<Step> steps = HotStandby.assertDeterministic(FACTORY, packets);
        List<String> expected = new ConnectionModel().expectedDropReasons(actions, packets);
        for (int i = 0; i < steps.size(); i++) {
            assertEquals(expected.get(i), steps.get(i).dropReason(), "packet " + i + ": " + actions.get(i));
            for (Emission emission : steps.get(i).emissions()) {
                RouterPacket in = RouterPacket.parse(packets.get(i).payload());
                RouterPacket out = RouterPacket.parse(emission.payload());
                NatBinding binding = POOL.bindingFor(in.fiveTuple());
                assertEquals(new RouterPacket(in.protocol(), in.flags(), binding.address(), in.destinationAddress(),
                        binding.port(), in.destinationPort(), in.data()), out, "only the source is translated");
                assertEquals(bruteForceNextHop(in.destinationAddress()), emission.destination());
            }
        }
    }

    /**
     * The router's behaviour written down from the transition table in {@link ConnectionTracker}'s
     * documentation, apart from the router's code: what each generated packet must get.
     */
    static final class ConnectionModel {

        private static final Map<String, String> TCP = Map.ofEntries(
                Map.entry("none SYN", "NEW"), Map.entry("none ACK", "!no connection: first packet is not SYN"),
                Map.entry("none FIN", "!no connection: first packet is not SYN"),
                Map.entry("none RST", "!no connection: first packet is not SYN"),
                Map.entry("NEW SYN", "NEW"), Map.entry("NEW ACK", "ESTABLISHED"), Map.entry("NEW FIN", "CLOSING"),
                Map.entry("NEW RST", "CLOSED"),
                Map.entry("ESTABLISHED SYN", "!SYN on open connection"), Map.entry("ESTABLISHED ACK", "ESTABLISHED"),
                Map.entry("ESTABLISHED FIN", "CLOSING"), Map.entry("ESTABLISHED RST", "CLOSED"),
                Map.entry("CLOSING SYN", "!SYN on open connection"), Map.entry("CLOSING ACK", "CLOSED"),
                Map.entry("CLOSING FIN", "CLOSING"), Map.entry("CLOSING RST", "CLOSED"),
                Map.entry("CLOSED SYN", "NEW"), Map.entry("CLOSED ACK", "!connection closed: packet without SYN"),
                Map.entry("CLOSED FIN", "!connection closed: packet without SYN"),
                Map.entry("CLOSED RST", "!connection closed: packet without SYN"));
        private static final Map<Integer, String> EVENTS = Map.of(
                TcpFlags.SYN, "SYN", TcpFlags.ACK, "ACK", TcpFlags.FIN, "FIN", TcpFlags.FIN | TcpFlags.ACK, "FIN",
                TcpFlags.RST, "RST", TcpFlags.RST | TcpFlags.ACK, "RST");

        private final Map<String, String> connection = new HashMap<>();
        private final Map<String, FiveTuple> tuple = new HashMap<>();
        private final Map<String, Long> lastSeen = new HashMap<>();

        List<String> expectedDropReasons(List<Action> actions, List<Packet> packets) {
            List<String> reasons = new ArrayList<>();
            for (int i = 0; i < actions.size(); i++) {
                reasons.add(expect(actions.get(i), packets.get(i)));
            }
            return reasons;
        }

        private String expect(Action action, Packet packet) {
            if (action.defect() == 1) {
                return "malformed header";
            }
            if (action.defect() == 3) {
                return "unsupported protocol";
            }
            String flow = packet.flowId();
            RouterPacket parsed = RouterPacket.parse(packet.payload());
            boolean expired = connection.containsKey(flow)
                    && packet.timestamp() - lastSeen.get(flow) > RouterFixtures.IDLE_TIMEOUT_MS;
            if (expired) { // forgotten, whatever happens to this packet
                connection.remove(flow);
            }
            String current = connection.getOrDefault(flow, "none");
            if (connection.containsKey(flow) && !tuple.get(flow).equals(parsed.fiveTuple())) {
                return "flow 5-tuple changed";
            }
            String next;
            if (parsed.protocol() == RouterPacket.UDP) {
                next = parsed.flags() != 0 ? "!invalid flag combination" : current.equals("none") ? "NEW" : "ESTABLISHED";
            } else {
                String event = EVENTS.get(parsed.flags());
                next = event == null ? "!invalid flag combination" : TCP.get(current + " " + event);
                if (expired && next.equals("!no connection: first packet is not SYN")) {
                    next = "!connection expired: packet without SYN";
                }
            }
            if (next.startsWith("!")) {
                return next.substring(1);
            }
            if (bruteForceNextHop(parsed.destinationAddress()) == null) {
                return "unroutable destination";
            }
            boolean fresh = current.equals("none") || current.equals("CLOSED");
            lastSeen.put(flow, fresh ? packet.timestamp() : Math.max(lastSeen.get(flow), packet.timestamp()));
            connection.put(flow, next);
            tuple.put(flow, parsed.fiveTuple());
            return null;
        }
    }

    @Property(tries = 300)
    void aFailoverAtAnyPointContinuesTheSameOutput(@ForAll("actions") List<Action> actions,
                                                   @ForAll @IntRange(min = 0, max = 1000) int crashAt) {
        List<Packet> packets = packets(actions);
        HotStandby.assertFailover(FACTORY, packets, crashAt % (packets.size() + 1));
    }

    @Property
    void stateCodecRoundTrips(@ForAll @IntRange(min = 0, max = 3) int connection, @ForAll int source, @ForAll int destination,
                              @ForAll @IntRange(max = 65535) int sourcePort, @ForAll @IntRange(max = 65535) int destinationPort,
                              @ForAll @IntRange(max = 255) int protocol, @ForAll int natAddress,
                              @ForAll @IntRange(max = 65535) int natPort, @ForAll long lastSeen, @ForAll long packets,
                              @ForAll long bytes) {
        RouterFlowState state = new RouterFlowState(ConnectionState.values()[connection],
                new FiveTuple(protocol, source, destination, sourcePort, destinationPort),
                new NatBinding(natAddress, natPort), lastSeen, packets, bytes);
        byte[] encoded = RouterFlowState.CODEC.encode(state);
        assertEquals(state, RouterFlowState.CODEC.decode(encoded));
        assertEquals(HexFormat.of().formatHex(encoded),
                HexFormat.of().formatHex(RouterFlowState.CODEC.encode(RouterFlowState.CODEC.decode(encoded))));
    }

    @Property(tries = 300)
    void longestPrefixMatchAgreesWithAFullScan(@ForAll("tables") List<String> lines, @ForAll @Size(10) List<Integer> probes) {
        RoutingTable table = RoutingTable.parse("generated", lines);
        for (int address : probes) {
            String expected = null;
            int bestLength = -1;
            for (Route route : table.routes()) {
                if (route.prefix().contains(address) && route.prefix().length() > bestLength) {
                    bestLength = route.prefix().length();
                    expected = route.nextHop();
                }
            }
            assertEquals(expected, table.nextHop(address), Ipv4.format(address));
        }
    }

    @Property(tries = 300)
    void natBindingsAlwaysLieInThePool(@ForAll int source, @ForAll @IntRange(max = 65535) int sourcePort,
                                       @ForAll @IntRange(min = 0, max = 28) int length, @ForAll @IntRange(min = 1, max = 65535) int low,
                                       @ForAll @IntRange(min = 0, max = 100) int width) {
        NatPool pool = new NatPool(new Ipv4Prefix(0xC0000200 & Ipv4Prefix.mask(length), length), low, Math.min(65535, low + width));
        NatBinding binding = pool.bindingFor(new FiveTuple(RouterPacket.TCP, source, Ipv4.parse("10.0.0.1"), sourcePort, 443));
        assertTrue(pool.addresses().contains(binding.address()), binding + " in " + pool);
        assertTrue(binding.port() >= pool.firstPort() && binding.port() <= pool.lastPort(), binding + " in " + pool);
    }

    /** The next hop by a full scan of the test table. */
    private static String bruteForceNextHop(int address) {
        Route best = null;
        for (Route route : RoutingTable.parse("t", RouterFixtures.TABLE.lines().toList()).routes()) {
            if (route.prefix().contains(address) && (best == null || route.prefix().length() > best.prefix().length())) {
                best = route;
            }
        }
        return best == null ? null : best.nextHop();
    }

    @Provide
    Arbitrary<List<Action>> actions() {
        Arbitrary<Integer> flags = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(TcpFlags.SYN)),
                Tuple.of(10, Arbitraries.just(TcpFlags.ACK)),
                Tuple.of(2, Arbitraries.of(TcpFlags.FIN, TcpFlags.FIN | TcpFlags.ACK)),
                Tuple.of(1, Arbitraries.of(TcpFlags.RST, TcpFlags.RST | TcpFlags.ACK)),
                Tuple.of(1, Arbitraries.integers().between(0, 255)));
        Arbitrary<Long> advance = Arbitraries.frequencyOf(
                Tuple.of(9, Arbitraries.longs().between(0, 1000)),
                Tuple.of(1, Arbitraries.longs().between(RouterFixtures.IDLE_TIMEOUT_MS - 2, RouterFixtures.IDLE_TIMEOUT_MS * 2)));
        Arbitrary<Integer> defect = Arbitraries.frequencyOf(
                Tuple.of(20, Arbitraries.just(0)), Tuple.of(1, Arbitraries.integers().between(1, 3)));
        Arbitrary<Action> actions = Combinators.combine(
                Arbitraries.integers().between(0, FLOWS.size() - 1), flags, advance, defect,
                Arbitraries.bytes().array(byte[].class).ofMaxSize(20)).as(Action::new);
        return actions.list().ofMaxSize(80);
    }

    /** Turns actions into ingress packets: UDP flows carry no flags; defects break the header or the tuple. */
    static List<Packet> packets(List<Action> actions) {
        List<Packet> packets = new ArrayList<>();
        long time = 1_000_000;
        for (int i = 0; i < actions.size(); i++) {
            Action action = actions.get(i);
            time += action.advanceMs();
            FiveTuple tuple = FLOWS.get(action.flow());
            int flags = tuple.protocol() == RouterPacket.UDP && action.defect() == 0 ? 0 : action.flags();
            byte[] wire = switch (action.defect()) {
                case 1 -> Arrays.copyOf(RouterPacket.of(tuple, flags, action.data()).encode(), 17);
                case 2 -> RouterPacket.of(new FiveTuple(tuple.protocol(), tuple.sourceAddress(), tuple.destinationAddress(),
                        tuple.sourcePort() + 1, tuple.destinationPort()), flags, action.data()).encode();
                case 3 -> RouterPacket.of(new FiveTuple(1, tuple.sourceAddress(), tuple.destinationAddress(),
                        tuple.sourcePort(), tuple.destinationPort()), flags, action.data()).encode();
                default -> RouterPacket.of(tuple, flags, action.data()).encode();
            };
            packets.add(new Packet("flow-" + action.flow(), 0, 3L * i + 7, time, false, wire));
        }
        return packets;
    }

    @Provide
    Arbitrary<List<String>> tables() {
        Arbitrary<String> route = Combinators.combine(
                Arbitraries.integers().between(0, 32), Arbitraries.integers(), Arbitraries.of("a", "b", "c", "d"))
                .as((length, address, hop) -> new Ipv4Prefix(address & Ipv4Prefix.mask(length), length) + " hop-" + hop);
        return route.list().ofMinSize(1).ofMaxSize(30).map(lines -> {
            Map<String, String> unique = new LinkedHashMap<>(); // one line per prefix
            for (String line : lines) {
                unique.putIfAbsent(line.substring(0, line.indexOf(' ')), line);
            }
            return List.copyOf(unique.values());
        });
    }
}
