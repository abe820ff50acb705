package io.understudy.audit;

import io.understudy.api.Emission;
import io.understudy.api.FunctionConfig;
import io.understudy.api.Outcome;
import io.understudy.api.Packet;
import io.understudy.api.StateCodec;
import io.understudy.api.TrafficFunction;
import io.understudy.api.TrafficFunctionProvider;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A test traffic function with several outputs per packet: the n-th packet of a flow (from 0)
 * is forwarded as {@code 1 + n % 3} copies, copy k carrying the payload followed by {@code #k}.
 */
final class FanOutFunction implements TrafficFunction<Long> {

    static final String NAME = "fan-out";

    private static final StateCodec<Long> CODEC = new StateCodec<>() {
        @Override
        public byte[] encode(Long state) {
            return ByteBuffer.allocate(8).putLong(state).array();
        }

        @Override
        public Long decode(byte[] bytes) {
            return ByteBuffer.wrap(bytes).getLong();
        }
    };

    static final TrafficFunctionProvider PROVIDER = new TrafficFunctionProvider() {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public TrafficFunction<?> create(FunctionConfig config) {
            return new FanOutFunction();
        }
    };

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public String configFingerprint() {
        return "";
    }

    @Override
    public StateCodec<Long> stateCodec() {
        return CODEC;
    }

    @Override
    public Outcome<Long> process(Long state, Packet packet) {
        long seen = state == null ? 0 : state;
        List<Emission> copies = new ArrayList<>();
        for (int k = 0; k < 1 + seen % 3; k++) {
            copies.add(Emission.of((new String(packet.payload(), StandardCharsets.UTF_8) + "#" + k)
                    .getBytes(StandardCharsets.UTF_8)));
        }
        return Outcome.forward(seen + 1, copies);
    }
}
