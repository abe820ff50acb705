package io.understudy.harness.traffic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What a {@link SentLog} holds, looked up by flow and payload number. */
public final class SentPackets {

    /**
     * One acknowledged packet.
     *
     * @param flowId          its flow
     * @param seq             its payload's number in the flow; -1 for a handshake
     * @param partition       ingress partition
     * @param offset          ingress offset
     * @param plaintextSha256 SHA-256 of the payload egress must carry; null for a handshake
     * @param detail          function-specific detail (the router's header fields), "-" when none
     */
    public record Sent(String flowId, long seq, int partition, long offset, byte[] plaintextSha256, String detail) {
    }

    private final Map<String, List<Sent>> byFlow = new HashMap<>();
    private long payloads;
    private long handshakes;

    void add(Sent sent) {
        if (sent.seq() < 0) {
            handshakes++;
            return;
        }
        List<Sent> flow = byFlow.computeIfAbsent(sent.flowId(), f -> new ArrayList<>());
        while (flow.size() <= sent.seq()) {
            flow.add(null);
        }
        if (flow.set((int) sent.seq(), sent) == null) {
            payloads++;
        }
    }

    /** The payload {@code seq} of a flow, or null when it was not acknowledged. */
    public Sent get(String flowId, long seq) {
        List<Sent> flow = byFlow.get(flowId);
        return flow == null || seq < 0 || seq >= flow.size() ? null : flow.get((int) seq);
    }

    /** Every acknowledged payload-carrying packet, flow by flow in payload order. */
    public void forEachPayload(java.util.function.Consumer<Sent> action) {
        byFlow.values().forEach(flow -> flow.stream().filter(java.util.Objects::nonNull).forEach(action));
    }

    /** Acknowledged payload-carrying packets. */
    public long payloads() {
        return payloads;
    }

    public long handshakes() {
        return handshakes;
    }
}
