package io.understudy.bridge.internals.publish;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A well-formed packet an endpoint received, ready to publish.
 *
 * @param flowId       the flow, already checked against {@link io.understudy.bridge.FlowIdSyntax}
 * @param payload      the packet's bytes (its remaining bytes; not copied, so not to be changed)
 * @param endpoint     which endpoint received it, e.g. {@code tcp://127.0.0.1:50412} or {@code http}
 * @param receivedAtMs when the bridge received it (epoch ms): the Kafka record timestamp
 * @param sequence     the endpoint's own number for the packet within its flow (0 or more, already
 *                     checked), or -1 when the endpoint does not number its packets
 */
public record ReceivedPacket(String flowId, ByteBuffer payload, String endpoint, long receivedAtMs, long sequence) {

    public ReceivedPacket {
        Objects.requireNonNull(flowId, "flowId");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(endpoint, "endpoint");
        if (sequence < -1) {
            throw new IllegalArgumentException("a packet's sequence is 0 or more, or -1 when not numbered; was " + sequence);
        }
    }

    /** A packet its endpoint did not number. */
    public ReceivedPacket(String flowId, ByteBuffer payload, String endpoint, long receivedAtMs) {
        this(flowId, payload, endpoint, receivedAtMs, -1);
    }

    public boolean numbered() {
        return sequence >= 0;
    }
}
