package io.understudy.functions.router;

import java.util.Arrays;
import java.util.Objects;

/**
 * A packet as the router reads it from an ingress payload, and writes it to egress. The layout
 * (all fields big-endian, 18-byte header, then the data):
 *
 * <pre>
 * offset size field
 *  0     1    format version, 1
 *  1     1    protocol: 6 (TCP) or 17 (UDP)
 *  2     1    flags: FIN 0x01, SYN 0x02, RST 0x04, ACK 0x10 (TCP only; 0 for UDP)
 *  3     1    reserved, 0
 *  4     4    source IPv4 address
 *  8     4    destination IPv4 address
 * 12     2    source port
 * 14     2    destination port
 * 16     2    data length n
 * 18     n    data
 * </pre>
 *
 * <p>{@link #parse} checks the layout only (version, reserved byte, length); whether the protocol
 * and flags make sense is the router's decision, so that it can drop with a precise reason.
 *
 * @param protocol           IP protocol number, 0..255
 * @param flags              flag bits, 0..255
 * @param sourceAddress      IPv4 source address
 * @param destinationAddress IPv4 destination address
 * @param sourcePort         0..65535
 * @param destinationPort    0..65535
 * @param data               the data after the header, at most 65535 bytes
 */
public record RouterPacket(int protocol, int flags, int sourceAddress, int destinationAddress,
                           int sourcePort, int destinationPort, byte[] data) {

    public static final int VERSION = 1;
    public static final int HEADER_SIZE = 18;
    public static final int MAX_DATA = 0xFFFF;
    public static final int TCP = 6;
    public static final int UDP = 17;

    private static final int SOURCE_ADDRESS_AT = 4;
    private static final int SOURCE_PORT_AT = 12;

    public RouterPacket {
        checkRange("protocol", protocol, 0xFF);
        checkRange("flags", flags, 0xFF);
        checkRange("source port", sourcePort, 0xFFFF);
        checkRange("destination port", destinationPort, 0xFFFF);
        Objects.requireNonNull(data, "data");
        checkRange("data length", data.length, MAX_DATA);
    }

    /** A packet of this connection. */
    public static RouterPacket of(FiveTuple tuple, int flags, byte[] data) {
        return new RouterPacket(tuple.protocol(), flags, tuple.sourceAddress(), tuple.destinationAddress(),
                tuple.sourcePort(), tuple.destinationPort(), data);
    }

    public FiveTuple fiveTuple() {
        return new FiveTuple(protocol, sourceAddress, destinationAddress, sourcePort, destinationPort);
    }

    public byte[] encode() {
        byte[] wire = new byte[HEADER_SIZE + data.length];
        wire[0] = VERSION;
        wire[1] = (byte) protocol;
        wire[2] = (byte) flags;
        putInt(wire, SOURCE_ADDRESS_AT, sourceAddress);
        putInt(wire, 8, destinationAddress);
        putShort(wire, SOURCE_PORT_AT, sourcePort);
        putShort(wire, 14, destinationPort);
        putShort(wire, 16, data.length);
        System.arraycopy(data, 0, wire, HEADER_SIZE, data.length);
        return wire;
    }

    /**
     * Reads a packet.
     *
     * @throws IllegalArgumentException saying what in the layout is wrong
     */
    public static RouterPacket parse(byte[] wire) {
        if (wire.length < HEADER_SIZE) {
            throw new IllegalArgumentException(wire.length + " bytes, shorter than the " + HEADER_SIZE + "-byte header");
        }
        if (wire[0] != VERSION) {
            throw new IllegalArgumentException("format version " + (wire[0] & 0xFF) + ", expected " + VERSION);
        }
        if (wire[3] != 0) {
            throw new IllegalArgumentException("reserved byte is " + (wire[3] & 0xFF) + ", expected 0");
        }
        int dataLength = getShort(wire, 16);
        if (wire.length != HEADER_SIZE + dataLength) {
            throw new IllegalArgumentException("data length field says " + dataLength + " bytes, the packet carries "
                    + (wire.length - HEADER_SIZE));
        }
        return new RouterPacket(wire[1] & 0xFF, wire[2] & 0xFF, getInt(wire, SOURCE_ADDRESS_AT), getInt(wire, 8),
                getShort(wire, SOURCE_PORT_AT), getShort(wire, 14), Arrays.copyOfRange(wire, HEADER_SIZE, wire.length));
    }

    /** A copy of a well-formed wire packet with its source address and port replaced (what NAT does). */
    public static byte[] withSource(byte[] wire, NatBinding source) {
        byte[] rewritten = wire.clone();
        putInt(rewritten, SOURCE_ADDRESS_AT, source.address());
        putShort(rewritten, SOURCE_PORT_AT, source.port());
        return rewritten;
    }

    private static void checkRange(String field, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(field + " " + value + " is not in 0.." + max);
        }
    }

    private static void putInt(byte[] wire, int at, int value) {
        wire[at] = (byte) (value >>> 24);
        wire[at + 1] = (byte) (value >>> 16);
        wire[at + 2] = (byte) (value >>> 8);
        wire[at + 3] = (byte) value;
    }

    private static void putShort(byte[] wire, int at, int value) {
        wire[at] = (byte) (value >>> 8);
        wire[at + 1] = (byte) value;
    }

    private static int getInt(byte[] wire, int at) {
        return ((wire[at] & 0xFF) << 24) | ((wire[at + 1] & 0xFF) << 16) | ((wire[at + 2] & 0xFF) << 8) | (wire[at + 3] & 0xFF);
    }

    private static int getShort(byte[] wire, int at) {
        return ((wire[at] & 0xFF) << 8) | (wire[at + 1] & 0xFF);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RouterPacket p && p.protocol == protocol && p.flags == flags
                && p.sourceAddress == sourceAddress && p.destinationAddress == destinationAddress
                && p.sourcePort == sourcePort && p.destinationPort == destinationPort && Arrays.equals(p.data, data);
    }

    @Override
    public int hashCode() {
        return fiveTuple().hashCode() * 31 * 31 + flags * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "RouterPacket[" + fiveTuple() + " " + TcpFlags.describe(flags) + ", " + data.length + " bytes]";
    }
}
