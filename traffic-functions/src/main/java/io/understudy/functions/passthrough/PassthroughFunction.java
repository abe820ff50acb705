package io.understudy.functions.passthrough;

import io.understudy.api.Emission;
import io.understudy.api.Outcome;
import io.understudy.api.Packet;
import io.understudy.api.StateCodec;
import io.understudy.api.TrafficFunction;

/** Forwards each payload as it is (one emission, no destination) and counts it in its flow. */
public final class PassthroughFunction implements TrafficFunction<FlowCount> {

    public static final String NAME = "passthrough";
    public static final String VERSION = "1";
    public static final String CONTROL_RECORD_IGNORED = "control record ignored";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public StateCodec<FlowCount> stateCodec() {
        return FlowCount.CODEC;
    }

    @Override
    public Outcome<FlowCount> process(FlowCount state, Packet packet) {
        if (packet.control()) {
            return Outcome.drop(state, CONTROL_RECORD_IGNORED);
        }
        FlowCount counted = (state == null ? FlowCount.NONE : state).plus(packet.payload().length);
        // The payload array is shared, not copied: nobody modifies packets or emissions.
        return Outcome.forward(counted, Emission.of(packet.payload()));
    }
}
