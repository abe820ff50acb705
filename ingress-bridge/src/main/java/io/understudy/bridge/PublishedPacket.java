package io.understudy.bridge;

/**
 * A packet Kafka acknowledged.
 *
 * @param flowId    its flow (the record key)
 * @param sequence  the endpoint's own number for a numbered packet; for an unnumbered one, its
 *                  number within the flow as received by this bridge (0, 1, 2, ..., from 0 again
 *                  when the bridge restarts), which the ingress record does not carry
 * @param partition the ingress partition it was written to
 * @param offset    its offset there
 * @param timestamp the record timestamp: when the bridge received it (epoch ms)
 */
public record PublishedPacket(String flowId, long sequence, int partition, long offset, long timestamp) {
}
