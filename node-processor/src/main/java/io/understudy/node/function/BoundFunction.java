package io.understudy.node.function;

import io.understudy.api.Emission;
import io.understudy.api.Outcome;
import io.understudy.api.Packet;
import io.understudy.api.StateCodec;
import io.understudy.api.TrafficFunction;
import java.util.List;

/**
 * A traffic function bound to its state codec, so that the node can work with encoded state
 * bytes only (what its stores, checkpoints and digests hold) without knowing the state type.
 */
public final class BoundFunction {

    /**
     * The outcome for one packet, with the flow's state encoded.
     *
     * @param state      the encoded new state, or null when the flow is to be forgotten
     * @param emissions  what to forward
     * @param dropReason why the packet was dropped, or null
     */
    public record Result(byte[] state, List<Emission> emissions, String dropReason) {
    }

    private final TrafficFunction<?> function;
    private final Step step;

    private BoundFunction(TrafficFunction<?> function, Step step) {
        this.function = function;
        this.step = step;
    }

    public static <S> BoundFunction bind(TrafficFunction<S> function) {
        StateCodec<S> codec = function.stateCodec();
        Step step = (stateBytes, packet) -> {
            S state = stateBytes == null ? null : codec.decode(stateBytes);
            Outcome<S> outcome = function.process(state, packet);
            byte[] encoded = outcome.state() == null ? null : codec.encode(outcome.state());
            return new Result(encoded, outcome.emissions(), outcome.dropReason());
        };
        return new BoundFunction(function, step);
    }

    /**
     * Applies the function to one packet. A function that throws is answered with a drop
     * verdict naming the exception and the flow's state left as it was: a deterministic function
     * throws on every node alike, so nodes stay in step.
     */
    public Result apply(byte[] state, Packet packet) {
        try {
            return step.apply(state, packet);
        } catch (RuntimeException e) {
            return new Result(state, List.of(), "function error: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    public TrafficFunction<?> function() {
        return function;
    }

    public String name() {
        return function.name();
    }

    public String version() {
        return function.version();
    }

    @FunctionalInterface
    private interface Step {
        Result apply(byte[] state, Packet packet);
    }
}
