package io.understudy.api;

/**
 * The per-flow processing of a node: {@code f(staticConfig, flowState, packet) -> (flowState', outputs)}.
 *
 * <p>Static configuration is given once, when the function is created by its
 * {@link TrafficFunctionProvider}. Then {@link #process} is called for every ingress record, in
 * offset order within a partition, with the state the previous packet of the same flow left (or
 * {@code null} for a flow not seen before, or forgotten).
 *
 * <p>Must be deterministic: no wall clock, no random source, no I/O, no mutable static fields.
 * Must not throw for bad packets: answer {@link Outcome#drop} with a reason instead.
 *
 * @param <S> the per-flow state type; treat instances as immutable
 */
public interface TrafficFunction<S> {

    /** Name under which the function is loaded, e.g. {@code passthrough}. */
    String name();

    /** Version of the behaviour: bump it whenever outputs for the same inputs could change. */
    String version();

    /**
     * Fingerprint of everything in the static configuration that can change outputs: setting
     * values, the contents of files it loaded (a routing table), the public fingerprint of a key.
     * Never a file path (paths differ between machines running the same deployment) and never a
     * secret. Primary and backups must agree on it; the node's configuration hash is made from it.
     */
    default String configFingerprint() {
        return "";
    }

    /** How the per-flow state is stored, checkpointed and digested. */
    StateCodec<S> stateCodec();

    /**
     * Processes one packet of a flow.
     *
     * @param state  the flow's state, or null if the flow is new (or was forgotten)
     * @param packet the packet
     * @return the new state and what to forward, or a drop verdict
     */
    Outcome<S> process(S state, Packet packet);
}
