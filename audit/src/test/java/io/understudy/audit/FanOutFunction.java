package io.understudy.audit;

import io.understudy.api.Emission;
import io.understudy.api.Outcome;
import io.understudy.api.Packet;
import io.understudy.api.TrafficFunctionProvider;
import io.understudy.functions.testing.TestFunction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A test traffic function with several outputs per packet: the n-th packet of a flow (from 0)
 * is forwarded as {@code 1 + n % 3} copies, copy k carrying the payload followed by {@code #k}.
 */
final class FanOutFunction extends TestFunction<Long> {

    static final String NAME = "fan-out";

    static final TrafficFunctionProvider PROVIDER = provider(NAME, config -> new FanOutFunction());

    private FanOutFunction() {
        super(NAME, COUNT);
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
