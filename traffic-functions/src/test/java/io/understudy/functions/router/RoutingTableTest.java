package io.understudy.functions.router;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoutingTableTest {

    final RoutingTable table = RoutingTable.parse("t", RouterFixtures.TABLE.lines().toList());

    @Test
    void theLongestMatchingPrefixWins() {
        assertEquals("hop-host", table.nextHop(Ipv4.parse("10.1.2.3")));
        assertEquals("hop-c", table.nextHop(Ipv4.parse("10.1.2.4")));
        assertEquals("hop-b", table.nextHop(Ipv4.parse("10.1.3.1")));
        assertEquals("hop-a", table.nextHop(Ipv4.parse("10.200.0.1")));
        assertEquals("hop-lan", table.nextHop(Ipv4.parse("192.168.255.255")));
        assertEquals(5, table.routes().size());
        assertEquals("10.1.2.3/32 hop-host", table.routes().get(0).toString());
    }

    @Test
    void withoutADefaultRouteSomeAddressesAreUnroutable() {
        assertNull(table.nextHop(Ipv4.parse("11.0.0.1")));
        assertNull(table.nextHop(Ipv4.parse("192.169.0.0")));
        RoutingTable withDefault = RoutingTable.parse("t", List.of("default hop-z", "10.0.0.0/8 hop-a"));
        assertEquals("hop-z", withDefault.nextHop(Ipv4.parse("11.0.0.1")));
        assertEquals("hop-a", withDefault.nextHop(Ipv4.parse("10.0.0.1")));
        assertEquals("hop-z", RoutingTable.parse("t", List.of("0.0.0.0/0 hop-z")).nextHop(Ipv4.parse("255.255.255.255")));
    }

    @Test
    void badLinesAreRefusedWithFileLineAndReason() {
        assertBadTable("10.0.0.0/8",
                "t:2: expected 'PREFIX NEXT-HOP', found 1 field(s) (line: '10.0.0.0/8')");
        assertBadTable("10.0.0.0/8 hop-a extra",
                "t:2: expected 'PREFIX NEXT-HOP', found 3 field(s) (line: '10.0.0.0/8 hop-a extra')");
        assertBadTable("10.0.0.1/8 hop-a",
                "t:2: 10.0.0.1/8 has host bits set (did you mean 10.0.0.0/8?) (line: '10.0.0.1/8 hop-a')");
        assertBadTable("10.0.0/8 hop-a",
                "t:2: '10.0.0' is not an IPv4 address (expected 4 dot-separated numbers) (line: '10.0.0/8 hop-a')");
        assertBadTable("10.0.0.256/32 hop-a",
                "t:2: '10.0.0.256' is not an IPv4 address (256 > 255) (line: '10.0.0.256/32 hop-a')");
        assertBadTable("10.0.0.0/33 hop-a",
                "t:2: prefix length 33 is not in 0..32 (line: '10.0.0.0/33 hop-a')");
        assertBadTable("10.0.0.0 hop-a",
                "t:2: '10.0.0.0' is not a prefix (expected a.b.c.d/len or 'default') (line: '10.0.0.0 hop-a')");
        assertBadTable("10.0.0.0/x hop-a",
                "t:2: '10.0.0.0/x' has no valid prefix length (expected 0..32 after '/') (line: '10.0.0.0/x hop-a')");
        assertBadTable("10.0.0.0/8 hop/a",
                "t:2: next hop 'hop/a' may only hold letters, digits and . _ : - (line: '10.0.0.0/8 hop/a')");
        assertBadTable("0.0.0.0/0 hop-a",
                "t:2: prefix 0.0.0.0/0 is already routed on line 1 (line: '0.0.0.0/0 hop-a')");
    }

    private static void assertBadTable(String secondLine, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RoutingTable.parse("t", List.of("default hop-z", secondLine)));
        assertEquals(message, e.getMessage());
    }

    @Test
    void aTableWithoutRoutesOrAFileThatCannotBeReadIsRefused() {
        assertEquals("routing table t has no routes", assertThrows(IllegalArgumentException.class,
                () -> RoutingTable.parse("t", List.of("# nothing", "   "))).getMessage());
        Path missing = Path.of("/nonexistent/routes.txt");
        assertEquals("cannot read routing table /nonexistent/routes.txt: java.nio.file.NoSuchFileException: /nonexistent/routes.txt",
                assertThrows(IllegalArgumentException.class, () -> RoutingTable.load(missing)).getMessage());
    }

    @Test
    void loadingAFileNamesItInErrors() {
        Path file = RouterFixtures.writeTable("# routes\n\n10.0.0.0/8 hop-a\n10.0.0.1/8 hop-b\n");
        assertEquals(file + ":4: 10.0.0.1/8 has host bits set (did you mean 10.0.0.0/8?) (line: '10.0.0.1/8 hop-b')",
                assertThrows(IllegalArgumentException.class, () -> RoutingTable.load(file)).getMessage());
    }

    @Test
    void theFingerprintFollowsTheRoutesNotTheLayout() {
        RoutingTable reordered = RoutingTable.parse("u", List.of(
                "192.168.0.0/16 hop-lan", "10.1.2.3/32    hop-host # host", "10.0.0.0/8 hop-a", "", "10.1.2.0/24 hop-c",
                "10.1.0.0/16 hop-b"));
        assertEquals(table.fingerprint(), reordered.fingerprint());
        assertTrue(table.fingerprint().matches("routing-table-sha256:[0-9a-f]{64}"), table.fingerprint());

        RoutingTable changed = RoutingTable.parse("u", List.of(
                "192.168.0.0/16 hop-lan", "10.1.2.3/32 hop-host", "10.0.0.0/8 hop-a", "10.1.2.0/24 hop-c",
                "10.1.0.0/16 hop-x"));
        assertNotEquals(table.fingerprint(), changed.fingerprint());
    }
}
