package io.understudy.functions.router;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RouterPacketTest {

    static final FiveTuple TUPLE = RouterFixtures.tcp("10.9.8.7", 40000, "10.1.2.3", 443);

    @Test
    void encodesTheDocumentedLayout() {
        byte[] wire = RouterPacket.of(TUPLE, TcpFlags.SYN | TcpFlags.ACK, new byte[] {(byte) 0xDD, (byte) 0xEE}).encode();
        assertEquals("01" + "06" + "12" + "00" + "0a090807" + "0a010203" + "9c40" + "01bb" + "0002" + "ddee",
                HexFormat.of().formatHex(wire));
        RouterPacket parsed = RouterPacket.parse(wire);
        assertEquals(TUPLE, parsed.fiveTuple());
        assertEquals(TcpFlags.SYN | TcpFlags.ACK, parsed.flags());
        assertArrayEquals(new byte[] {(byte) 0xDD, (byte) 0xEE}, parsed.data());
    }

    @Test
    void parseSaysWhatIsWrongWithTheLayout() {
        byte[] good = RouterPacket.of(TUPLE, TcpFlags.ACK, new byte[3]).encode();
        assertEquals("17 bytes, shorter than the 18-byte header",
                assertThrows(IllegalArgumentException.class, () -> RouterPacket.parse(new byte[17])).getMessage());
        byte[] version = good.clone();
        version[0] = 2;
        assertEquals("format version 2, expected 1",
                assertThrows(IllegalArgumentException.class, () -> RouterPacket.parse(version)).getMessage());
        byte[] reserved = good.clone();
        reserved[3] = 1;
        assertEquals("reserved byte is 1, expected 0",
                assertThrows(IllegalArgumentException.class, () -> RouterPacket.parse(reserved)).getMessage());
        byte[] truncated = Arrays.copyOf(good, good.length - 1);
        assertEquals("data length field says 3 bytes, the packet carries 2",
                assertThrows(IllegalArgumentException.class, () -> RouterPacket.parse(truncated)).getMessage());
    }

    @Test
    void fieldsOutOfRangeAreRefusedWhenBuilding() {
        assertEquals("source port 65536 is not in 0..65535", assertThrows(IllegalArgumentException.class,
                () -> new RouterPacket(6, 0, 1, 2, 65536, 80, new byte[0])).getMessage());
    }

    @Test
    void withSourceRewritesOnlyTheSource() {
        byte[] wire = RouterPacket.of(TUPLE, TcpFlags.ACK, new byte[] {1, 2, 3}).encode();
        byte[] rewritten = RouterPacket.withSource(wire, new NatBinding(Ipv4.parse("192.0.2.5"), 2000));
        assertEquals(RouterPacket.of(RouterFixtures.tcp("192.0.2.5", 2000, "10.1.2.3", 443), TcpFlags.ACK, new byte[] {1, 2, 3}),
                RouterPacket.parse(rewritten));
        assertEquals(RouterPacket.of(TUPLE, TcpFlags.ACK, new byte[] {1, 2, 3}), RouterPacket.parse(wire), "input untouched");
    }

    @Test
    void addressesPrintAndParse() {
        assertEquals(0x0A000001, Ipv4.parse("10.0.0.1"));
        assertEquals("255.0.128.1", Ipv4.format(Ipv4.parse("255.0.128.1")));
        assertEquals("SYN|ACK", TcpFlags.describe(TcpFlags.SYN | TcpFlags.ACK));
        assertEquals("FIN|0x08", TcpFlags.describe(TcpFlags.FIN | 0x08));
    }
}
