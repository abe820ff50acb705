package io.understudy.api;

import java.util.List;
import java.util.Objects;

/**
 * What a traffic function decided for one packet.
 *
 * @param state      the flow's state after the packet, or null to forget the flow (closed, expired)
 * @param emissions  the payloads to forward, in order (empty when dropped)
 * @param dropReason why the packet was dropped, or null if it was not
 * @param <S>        the function's per-flow state type
 */
public record Outcome<S>(S state, List<Emission> emissions, String dropReason) {

    public Outcome {
        emissions = List.copyOf(Objects.requireNonNull(emissions, "emissions"));
        if (dropReason != null && !emissions.isEmpty()) {
            throw new IllegalArgumentException("a dropped packet emits nothing");
        }
    }

    /** Forward these payloads and keep this state. */
    public static <S> Outcome<S> forward(S state, List<Emission> emissions) {
        return new Outcome<>(state, emissions, null);
    }

    /** Forward one payload and keep this state. */
    public static <S> Outcome<S> forward(S state, Emission emission) {
        return new Outcome<>(state, List.of(emission), null);
    }

    /** Drop the packet for a reason (a short, stable, searchable phrase) and keep this state. */
    public static <S> Outcome<S> drop(S state, String reason) {
        return new Outcome<>(state, List.of(), Objects.requireNonNull(reason, "reason"));
    }

    public boolean dropped() {
        return dropReason != null;
    }
}
