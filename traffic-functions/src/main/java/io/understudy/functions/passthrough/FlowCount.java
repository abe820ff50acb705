package io.understudy.functions.passthrough;

import io.understudy.api.StateCodec;
import io.understudy.functions.codec.StateReader;
import io.understudy.functions.codec.StateWriter;

/**
 * The passthrough function's per-flow state.
 *
 * @param packets packets forwarded so far
 * @param bytes   payload bytes forwarded so far
 */
public record FlowCount(long packets, long bytes) {

    static final FlowCount NONE = new FlowCount(0, 0);

    FlowCount plus(int payloadBytes) {
        return new FlowCount(packets + 1, bytes + payloadBytes);
    }

    /** Encoding: packets (8 bytes) then bytes (8 bytes), big-endian. */
    public static final StateCodec<FlowCount> CODEC = new StateCodec<>() {
        private static final int SIZE = 16;

        @Override
        public byte[] encode(FlowCount state) {
            return new StateWriter(SIZE).writeLong(state.packets).writeLong(state.bytes).toBytes();
        }

        @Override
        public FlowCount decode(byte[] bytes) {
            StateReader reader = new StateReader("passthrough flow state", bytes, SIZE);
            return new FlowCount(reader.readLong(), reader.readLong());
        }
    };
}
