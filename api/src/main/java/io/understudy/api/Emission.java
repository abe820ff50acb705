package io.understudy.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * One payload a traffic function forwards towards the second endpoint.
 *
 * @param payload     the bytes to deliver
 * @param destination where to deliver them (a next hop, an egress port), or null if the function does not route
 */
public record Emission(byte[] payload, String destination) {

    public Emission {
        Objects.requireNonNull(payload, "payload");
    }

    public static Emission of(byte[] payload) {
        return new Emission(payload, null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Emission e && Arrays.equals(e.payload, payload) && Objects.equals(e.destination, destination);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(payload) * 31 + Objects.hashCode(destination);
    }

    @Override
    public String toString() {
        return "Emission[" + payload.length + " bytes" + (destination == null ? "" : " -> " + destination) + "]";
    }
}
