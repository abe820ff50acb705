package io.understudy.functions.passthrough;

import io.understudy.api.FunctionConfig;
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

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PassthroughProperties {

    static final Supplier<TrafficFunction<?>> FACTORY = () -> new PassthroughProvider().create(FunctionConfig.empty());

    @Property(tries = 200)
    void twoInstancesProduceIdenticalTranscripts(@ForAll("traffic") List<Packet> packets) {
        List<Step> steps = HotStandby.assertDeterministic(FACTORY, packets);
        for (int i = 0; i < packets.size(); i++) {
            if (!packets.get(i).control()) {
                assertArrayEquals(packets.get(i).payload(), steps.get(i).emissions().get(0).payload());
            }
        }
    }

    @Property(tries = 200)
    void aFailoverAtAnyPointContinuesTheSameOutput(@ForAll("traffic") List<Packet> packets,
                                                   @ForAll @IntRange(min = 0, max = 1000) int crashAt) {
        HotStandby.assertFailover(FACTORY, packets, crashAt % (packets.size() + 1));
    }

    @Property
    void stateCodecRoundTrips(@ForAll long packets, @ForAll long bytes) {
        FlowCount state = new FlowCount(packets, bytes);
        byte[] encoded = FlowCount.CODEC.encode(state);
        assertEquals(16, encoded.length);
        assertEquals(state, FlowCount.CODEC.decode(encoded));
    }

    @Provide
    Arbitrary<List<Packet>> traffic() {
        Arbitrary<String> flows = Arbitraries.of("a", "b", "c");
        Arbitrary<byte[]> payloads = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
        Arbitrary<Boolean> control = Arbitraries.frequency(
                Tuple.of(19, false), Tuple.of(1, true));
        return Combinators.combine(flows, payloads, control)
                .as((flow, payload, isControl) -> new Object[] {flow, payload, isControl})
                .list().ofMaxSize(60)
                .map(items -> {
                    List<Packet> packets = new ArrayList<>();
                    for (int i = 0; i < items.size(); i++) {
                        Object[] item = items.get(i);
                        packets.add(new Packet((String) item[0], 0, 2L * i + 5, 1_000L + i, (Boolean) item[2], (byte[]) item[1]));
                    }
                    return packets;
                });
    }
}
