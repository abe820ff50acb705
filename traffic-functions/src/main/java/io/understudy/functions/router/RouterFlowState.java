package io.understudy.functions.router;

import io.understudy.api.StateCodec;
import io.understudy.functions.codec.StateReader;
import io.understudy.functions.codec.StateWriter;

import java.util.Objects;

/**
 * The router's per-flow state.
 *
 * @param connection where the connection is
 * @param tuple      the flow's 5-tuple, fixed while the state exists
 * @param nat        the source the flow is translated to
 * @param lastSeen   record timestamp (ms) of the last packet that passed; idle expiry counts from it
 * @param packets    packets forwarded since the connection opened
 * @param bytes      wire bytes forwarded since the connection opened
 */
public record RouterFlowState(ConnectionState connection, FiveTuple tuple, NatBinding nat,
                              long lastSeen, long packets, long bytes) {

    public RouterFlowState {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(tuple, "tuple");
        Objects.requireNonNull(nat, "nat");
    }

    private static final int FORMAT = 1;
    private static final int SIZE = 45;

    /**
     * Encoding, 45 bytes big-endian: format (1) = 1, connection state ordinal (1), protocol (1),
     * source address (4), destination address (4), source port (2), destination port (2), NAT
     * address (4), NAT port (2), last seen (8), packets (8), bytes (8).
     */
    public static final StateCodec<RouterFlowState> CODEC = new StateCodec<>() {
        @Override
        public byte[] encode(RouterFlowState s) {
            return new StateWriter(SIZE)
                    .writeByte(FORMAT)
                    .writeByte(s.connection.ordinal())
                    .writeByte(s.tuple.protocol())
                    .writeInt(s.tuple.sourceAddress())
                    .writeInt(s.tuple.destinationAddress())
                    .writeShort(s.tuple.sourcePort())
                    .writeShort(s.tuple.destinationPort())
                    .writeInt(s.nat.address())
                    .writeShort(s.nat.port())
                    .writeLong(s.lastSeen)
                    .writeLong(s.packets)
                    .writeLong(s.bytes)
                    .toBytes();
        }

        @Override
        public RouterFlowState decode(byte[] bytes) {
            StateReader in = new StateReader("router flow state", bytes, SIZE);
            in.readByteInRange("format", FORMAT, FORMAT);
            ConnectionState connection = ConnectionState.values()[
                    in.readByteInRange("connection state", 0, ConnectionState.values().length - 1)];
            FiveTuple tuple = new FiveTuple(in.readUnsignedByte(), in.readInt(), in.readInt(),
                    in.readUnsignedShort(), in.readUnsignedShort());
            NatBinding nat = new NatBinding(in.readInt(), in.readUnsignedShort());
            return new RouterFlowState(connection, tuple, nat, in.readLong(), in.readLong(), in.readLong());
        }
    };
}
