package io.understudy.node.testing;

import io.understudy.api.Emission;
import io.understudy.api.Outcome;
import io.understudy.api.Packet;
import io.understudy.api.StateCodec;
import io.understudy.api.TrafficFunctionProvider;
import io.understudy.functions.testing.TestFunction;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A test traffic function whose flows end: it counts packets and bytes per flow like passthrough,
 * but a packet whose payload is {@code close} makes it forget the flow. Its one setting, {@code
 * function.closing-sessions.salt}, only changes its configuration fingerprint: two nodes with
 * different salts have different static information.
 */
public final class ClosingSessions extends TestFunction<long[]> {

    public static final String NAME = "closing-sessions";
    public static final String SALT = "function.closing-sessions.salt";
    public static final String CLOSE = "close";

    private static final StateCodec<long[]> CODEC = new StateCodec<>() {
        @Override
        public byte[] encode(long[] state) {
            return ByteBuffer.allocate(16).putLong(state[0]).putLong(state[1]).array();
        }

        @Override
        public long[] decode(byte[] bytes) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            return new long[] {buffer.getLong(), buffer.getLong()};
        }
    };

    /** Offers the function to node catalogs: {@code FunctionCatalog.load().with(ClosingSessions.PROVIDER)}. */
    public static final TrafficFunctionProvider PROVIDER = provider(NAME, config -> new ClosingSessions(config.get(SALT, "")));

    private final String salt;

    private ClosingSessions(String salt) {
        super(NAME, CODEC);
        this.salt = salt;
    }

    @Override
    public String configFingerprint() {
        return "salt=" + salt;
    }

    @Override
    public Outcome<long[]> process(long[] state, Packet packet) {
        if (CLOSE.equals(new String(packet.payload(), StandardCharsets.UTF_8))) {
            return Outcome.forward(null, Emission.of(packet.payload()));
        }
        long[] counted = state == null ? new long[] {1, packet.payload().length}
                : new long[] {state[0] + 1, state[1] + packet.payload().length};
        return Outcome.forward(counted, Emission.of(packet.payload()));
    }
}
