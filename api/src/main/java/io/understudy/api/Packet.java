package io.understudy.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * One ingress record as a traffic function sees it.
 *
 * @param flowId    the flow (session) the packet belongs to
 * @param partition the ingress partition it was read from
 * @param offset    its ingress offset; strictly increasing within a partition, not contiguous
 * @param timestamp the ingress record timestamp in ms: the only clock a traffic function may read
 * @param control   true for a control record published by the leader, false for endpoint traffic
 * @param payload   the bytes received from the first endpoint (do not modify)
 */
public record Packet(String flowId, int partition, long offset, long timestamp, boolean control, byte[] payload) {

    public Packet {
        Objects.requireNonNull(flowId, "flowId");
        Objects.requireNonNull(payload, "payload");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Packet p && p.flowId.equals(flowId) && p.partition == partition && p.offset == offset
                && p.timestamp == timestamp && p.control == control && Arrays.equals(p.payload, payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(flowId, partition, offset, timestamp, control) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "Packet[" + flowId + " @" + partition + ":" + offset + ", " + payload.length + " bytes]";
    }
}
