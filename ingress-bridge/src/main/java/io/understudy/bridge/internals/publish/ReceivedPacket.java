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
 */
public record ReceivedPacket(String flowId, ByteBuffer payload, String endpoint, long receivedAtMs) {

    public ReceivedPacket {
        Objects.requireNonNull(flowId, "flowId");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(endpoint, "endpoint");
    }
}
