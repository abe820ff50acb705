package io.understudy.functions.router;

import io.understudy.api.Emission;
import io.understudy.api.FunctionConfig;
import io.understudy.api.Outcome;
import io.understudy.api.Packet;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static io.understudy.functions.router.RouterFixtures.packet;
import static io.understudy.functions.router.RouterFixtures.tcp;
import static io.understudy.functions.router.RouterFixtures.udp;
import static io.understudy.functions.router.TcpFlags.ACK;
import static io.understudy.functions.router.TcpFlags.FIN;
import static io.understudy.functions.router.TcpFlags.RST;
import static io.understudy.functions.router.TcpFlags.SYN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RouterFunctionTest {

    static final Path TABLE = RouterFixtures.writeTable(RouterFixtures.TABLE);
    static final FiveTuple WEB = tcp("10.9.8.7", 40000, "10.1.2.3", 443);
    static final NatBinding WEB_NAT = new NatPool(Ipv4Prefix.parse("192.0.2.0/28"), 1024, 65535).bindingFor(WEB);

    final RouterFunction router = (RouterFunction) new RouterProvider().create(RouterFixtures.config(TABLE));

    @Test
    void forwardsToTheNextHopWithTheSourceTranslated() {
        Outcome<RouterFlowState> outcome = router.process(null, packet("w", 1, 1000, WEB, SYN, new byte[0]));
        FiveTuple translated = new FiveTuple(WEB.protocol(), WEB_NAT.address(), WEB.destinationAddress(), WEB_NAT.port(),
                WEB.destinationPort());
        assertEquals(List.of(new Emission(RouterPacket.of(translated, SYN, new byte[0]).encode(), "hop-host")),
                outcome.emissions());
        assertEquals(new RouterFlowState(ConnectionState.NEW, WEB, WEB_NAT, 1000, 1, 18), outcome.state());
    }

    @Test
    void followsATcpConnectionFromSynToClose() {
        RouterFlowState s = router.process(null, packet("w", 1, 1000, WEB, SYN, new byte[0])).state();
        s = expectForwarded(s, packet("w", 2, 1001, WEB, ACK, new byte[10]), ConnectionState.ESTABLISHED);
        s = expectForwarded(s, packet("w", 3, 1002, WEB, ACK, new byte[5]), ConnectionState.ESTABLISHED);
        s = expectForwarded(s, packet("w", 4, 1003, WEB, FIN | ACK, new byte[0]), ConnectionState.CLOSING);
        s = expectForwarded(s, packet("w", 5, 1004, WEB, ACK, new byte[0]), ConnectionState.CLOSED);
        assertEquals(new RouterFlowState(ConnectionState.CLOSED, WEB, WEB_NAT, 1004, 5, 5 * 18 + 15), s);

        expectDropped(s, packet("w", 6, 1005, WEB, ACK, new byte[1]), "connection closed: packet without SYN");
        RouterFlowState reopened = expectForwarded(s, packet("w", 7, 1006, WEB, SYN, new byte[0]), ConnectionState.NEW);
        assertEquals(new RouterFlowState(ConnectionState.NEW, WEB, WEB_NAT, 1006, 1, 18), reopened, "counters restart");
    }

    @Test
    void aResetClosesAtOnce() {
        RouterFlowState s = router.process(null, packet("w", 1, 1000, WEB, SYN, new byte[0])).state();
        s = expectForwarded(s, packet("w", 2, 1001, WEB, RST | ACK, new byte[0]), ConnectionState.CLOSED);
        expectDropped(s, packet("w", 3, 1002, WEB, FIN, new byte[0]), "connection closed: packet without SYN");
    }

    @Test
    void anIdleFlowExpiresByRecordTimeOnly() {
        RouterFlowState s = router.process(null, packet("w", 1, 1000, WEB, SYN, new byte[0])).state();
        s = expectForwarded(s, packet("w", 2, 2000, WEB, ACK, new byte[0]), ConnectionState.ESTABLISHED);
        // exactly the timeout after the last packet: still alive
        s = expectForwarded(s, packet("w", 3, 2000 + RouterFixtures.IDLE_TIMEOUT_MS, WEB, ACK, new byte[0]),
                ConnectionState.ESTABLISHED);
        // one millisecond more: expired, and a non-SYN packet finds no connection; the flow is forgotten
        Outcome<RouterFlowState> late = router.process(s, packet("w", 4, 7001 + RouterFixtures.IDLE_TIMEOUT_MS, WEB, ACK, new byte[0]));
        assertEquals("connection expired: packet without SYN", late.dropReason());
        assertNull(late.state());
        // a SYN after the expiry opens a new connection
        Outcome<RouterFlowState> fresh = router.process(s, packet("w", 5, 7001 + RouterFixtures.IDLE_TIMEOUT_MS, WEB, SYN, new byte[0]));
        assertEquals(new RouterFlowState(ConnectionState.NEW, WEB, WEB_NAT, 12001, 1, 18), fresh.state());
    }

    @Test
    void aTimestampGoingBackwardsDoesNotMoveLastSeenBack() {
        RouterFlowState s = router.process(null, packet("w", 1, 1000, WEB, SYN, new byte[0])).state();
        s = router.process(s, packet("w", 2, 900, WEB, ACK, new byte[0])).state();
        assertEquals(1000, s.lastSeen());
    }

    @Test
    void udpFlowsOpenWithoutFlagsAndExpireIntoNewFlows() {
        FiveTuple dns = udp("10.9.8.7", 5353, "192.168.1.1", 53);
        RouterFlowState s = router.process(null, packet("d", 1, 1000, dns, 0, new byte[4])).state();
        assertEquals(ConnectionState.NEW, s.connection());
        s = expectForwarded(s, packet("d", 2, 1001, dns, 0, new byte[4]), ConnectionState.ESTABLISHED);
        Outcome<RouterFlowState> later = router.process(s, packet("d", 3, 1001 + RouterFixtures.IDLE_TIMEOUT_MS + 1, dns, 0, new byte[4]));
        assertEquals(ConnectionState.NEW, later.state().connection());
        assertEquals("hop-lan", later.emissions().get(0).destination());
        expectDropped(s, packet("d", 4, 1002, dns, SYN, new byte[0]), "invalid flag combination");
    }

    @Test
    void dropsSayWhyAndLeaveTheStateAsItWas() {
        RouterFlowState s = router.process(null, packet("w", 1, 1000, WEB, SYN, new byte[0])).state();
        s = expectForwarded(s, packet("w", 2, 1001, WEB, ACK, new byte[0]), ConnectionState.ESTABLISHED);

        expectDropped(s, new Packet("w", 0, 3, 1002, false, new byte[5]), "malformed header");
        byte[] icmp = RouterPacket.of(new FiveTuple(1, WEB.sourceAddress(), WEB.destinationAddress(), 0, 0), 0, new byte[0]).encode();
        expectDropped(s, new Packet("w", 0, 4, 1002, false, icmp), "unsupported protocol");
        expectDropped(s, packet("w", 5, 1002, WEB, SYN | FIN, new byte[0]), "invalid flag combination");
        expectDropped(s, packet("w", 6, 1002, WEB, SYN, new byte[0]), "SYN on open connection");
        expectDropped(s, packet("w", 7, 1002, tcp("10.9.8.7", 40001, "10.1.2.3", 443), ACK, new byte[0]), "flow 5-tuple changed");
        expectDropped(s, new Packet("w", 0, 8, 1002, true, new byte[0]), "control record ignored");

        FiveTuple nowhere = tcp("10.9.8.7", 40000, "11.0.0.1", 443);
        Outcome<RouterFlowState> unroutable = router.process(null, packet("x", 9, 1002, nowhere, SYN, new byte[0]));
        assertEquals("unroutable destination", unroutable.dropReason());
        assertNull(unroutable.state());
        assertEquals("no connection: first packet is not SYN",
                router.process(null, packet("y", 10, 1002, WEB, ACK, new byte[0])).dropReason());
    }

    @Test
    void theFingerprintCoversTheTableAndEverySettingButNoPath() {
        RouterConfig fixture = RouterConfig.from(RouterFixtures.config(RouterFixtures.writeTable("default hop-z\n")));
        String defaults = ";nat-pool=" + fixture.natPool() + ";idle-timeout-ms=" + fixture.idleTimeoutMs();
        assertEquals(RoutingTable.parse("x", RouterFixtures.TABLE.lines().toList()).fingerprint() + defaults,
                router.configFingerprint());
        RouterFunction longerIdle = (RouterFunction) new RouterProvider().create(RouterFixtures.config(
                RouterFixtures.writeTable("default hop-z\n"), "function.router.idle-timeout-ms", "6000"));
        assertTrue(!longerIdle.configFingerprint().equals(fixture.table().fingerprint() + defaults),
                "a setting that changes outputs changes the fingerprint");
        RouterFunction other = (RouterFunction) new RouterProvider().create(
                RouterFixtures.config(RouterFixtures.writeTable("default hop-z\n")));
        assertEquals(RoutingTable.parse("x", List.of("0.0.0.0/0 hop-z")).fingerprint() + defaults, other.configFingerprint());
        RouterFunction sameTableElsewhere = (RouterFunction) new RouterProvider().create(
                RouterFixtures.config(RouterFixtures.writeTable("default hop-z\n")));
        assertEquals(other.configFingerprint(), sameTableElsewhere.configFingerprint(), "the path is not part of it");
        assertEquals("router", router.name());
        assertEquals("1", router.version());
    }

    @Test
    void badSettingsAreRefusedNamingTheSetting() {
        assertConfigError("function setting 'function.router.nat-pool' = '192.0.2.1/28': 192.0.2.1/28 has host bits set"
                + " (did you mean 192.0.2.0/28?)", "function.router.nat-pool", "192.0.2.1/28");
        assertConfigError("function setting 'function.router.nat-ports' = '1024': expected low-high, e.g. 1024-65535",
                "function.router.nat-ports", "1024");
        assertConfigError("function setting 'function.router.nat-ports' = '0-100': port range 0-100 is not within 1-65535, low-high",
                "function.router.nat-ports", "0-100");
        assertConfigError("function setting 'function.router.idle-timeout-ms' = '5m' is not a positive whole number: a flow idle"
                        + " for longer than this (by record timestamps, never the wall clock) is expired on its next packet",
                "function.router.idle-timeout-ms", "5m");
        assertConfigError("unknown function setting(s) [function.router.tabel]; known under 'function.router.': "
                        + "[function.router.idle-timeout-ms, function.router.nat-pool, function.router.nat-ports, function.router.table]",
                "function.router.tabel", "x");
        Path bad = RouterFixtures.writeTable("10.0.0.0/8 hop-a\nnonsense\n");
        assertEquals(bad + ":2: expected 'PREFIX NEXT-HOP', found 1 field(s) (line: 'nonsense')",
                assertThrows(IllegalArgumentException.class, () -> new RouterProvider().create(RouterFixtures.config(bad))).getMessage());
        assertEquals("missing function setting 'function.router.table': " + RouterConfig.TABLE.doc(),
                assertThrows(IllegalArgumentException.class, () -> new RouterProvider().create(FunctionConfig.empty())).getMessage());
    }

    private static void assertConfigError(String message, String key, String value) {
        FunctionConfig config = RouterFixtures.config(TABLE, key, value);
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> new RouterProvider().create(config)).getMessage());
    }

    @Test
    void theStateEncodesInFortyFiveBytes() {
        RouterFlowState state = new RouterFlowState(ConnectionState.CLOSING, WEB, WEB_NAT, 123456789L, 7, 700);
        byte[] encoded = RouterFlowState.CODEC.encode(state);
        assertEquals(45, encoded.length);
        assertEquals(state, RouterFlowState.CODEC.decode(encoded));
        encoded[1] = 9;
        assertEquals("router flow state is corrupt: connection state is 9, expected 0..3",
                assertThrows(IllegalArgumentException.class, () -> RouterFlowState.CODEC.decode(encoded)).getMessage());
    }

    private RouterFlowState expectForwarded(RouterFlowState state, Packet packet, ConnectionState expected) {
        Outcome<RouterFlowState> outcome = router.process(state, packet);
        assertNull(outcome.dropReason(), () -> "dropped: " + outcome.dropReason());
        assertEquals(1, outcome.emissions().size());
        assertEquals(expected, outcome.state().connection());
        return outcome.state();
    }

    private void expectDropped(RouterFlowState state, Packet packet, String reason) {
        Outcome<RouterFlowState> outcome = router.process(state, packet);
        assertEquals(reason, outcome.dropReason());
        assertSame(state, outcome.state());
        assertEquals(List.of(), outcome.emissions());
    }
}
