package io.understudy.node.internals.function;

import io.understudy.api.Emission;
import io.understudy.api.Outcome;
import io.understudy.api.Packet;
import io.understudy.api.StateCodec;
import io.understudy.api.TrafficFunction;
import java.util.List;

/**
 * A traffic function bound to its state codec, so that the node can work with encoded state
 * bytes only (what its stores, checkpoints and digests hold) without knowing the state type.
 *
 * <p><b>When the function fails.</b> Whatever the function (or its codec) throws for a packet,
 * {@link Error}s included, is the packet's verdict: a drop naming what was thrown, the flow's
 * state left as it was, and the node goes on. A deterministic function fails alike on every node
 * (an exception, an assertion, a missing class, a recursion without end), so every node gives the
 * same verdict and stays in step; answering instead of dying also keeps one bad packet from taking
 * down every node that reads it, one after the other. A {@link StackOverflowError} is a verdict too:
 * the stack has unwound by the time it is caught. Whether a deep but finite recursion overflows
 * depends on each JVM's stack size and compiled code, so it may overflow on one node only; that
 * node's state then differs from the others' at that flow, which the digest comparison catches
 * (the backup that differs is resynchronized to the leader's state).
 *
 * <p>The one exception is a failure of the JVM itself ({@link VirtualMachineError} other than a
 * stack overflow: out of memory, an internal error): it says nothing about the packet, and a verdict
 * would drop good packets for as long as the JVM is short. It is rethrown: the stream thread dies,
 * is replaced a few times (the record is retried from the last commit) and then the node stops, and
 * the partition fails over, as for any dead node.
 */
public final class BoundFunction {

    /**
     * The outcome for one packet, with the flow's state encoded.
     *
     * @param state      the encoded new state, or null when the flow is to be forgotten
     * @param emissions  what to forward
     * @param dropReason why the packet was dropped, or null
     * @param failure    what the function threw, when the drop is a function error; else null
     */
    public record Result(byte[] state, List<Emission> emissions, String dropReason, Throwable failure) {
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
            return new Result(encoded, outcome.emissions(), outcome.dropReason(), null);
        };
        return new BoundFunction(function, step);
    }

    /**
     * Applies the function to one packet. A function that throws (an {@link Error} included) is
     * answered with a drop verdict naming what it threw and the flow's state left as it was; a
     * failure of the JVM itself other than a stack overflow is rethrown (see the class comment).
     */
    public Result apply(byte[] state, Packet packet) {
        try {
            return step.apply(state, packet);
        } catch (VirtualMachineError e) {
            if (!(e instanceof StackOverflowError)) {
                throw e;
            }
            return failed(state, e);
        } catch (Throwable e) { // every other failure of the function is the packet's verdict
            return failed(state, e);
        }
    }

    private static Result failed(byte[] state, Throwable e) {
        return new Result(state, List.of(), "function error: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
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
