/**
 * The ingress bridge: takes packets from the first endpoint and publishes each one as a
 * {@link io.understudy.records.TrafficPacket} to the ingress topic ({@code <prefix>ingress}),
 * keyed by flow id, valued in the Confluent wire format.
 *
 * <p>The public face: {@link io.understudy.bridge.IngressBridge#start} starts a bridge (its bound
 * {@link io.understudy.bridge.BoundPorts}, its counters {@link io.understudy.bridge.BridgeMetrics});
 * what a sender meets: the refusal reasons ({@link io.understudy.bridge.RejectReason}), the flow id
 * rules ({@link io.understudy.bridge.FlowIdSyntax}) and the HTTP answer to an accepted packet
 * ({@link io.understudy.bridge.PublishedPacket}); and these packages:
 * <ul>
 *   <li>{@link io.understudy.bridge.config}: every configuration key, its default and its doc;</li>
 *   <li>{@link io.understudy.bridge.tcp.frame}: the TCP wire format (frames and replies);</li>
 *   <li>{@link io.understudy.bridge.client}: clients for tests and traffic generators.</li>
 * </ul>
 *
 * <p>The internals ({@code io.understudy.bridge.internals}; other modules must not import them, a
 * build test checks that):
 * <ul>
 *   <li>{@link io.understudy.bridge.internals.tcp}: the TCP endpoint (length-prefixed frames, one
 *       ack per frame once Kafka has the packet);</li>
 *   <li>{@link io.understudy.bridge.internals.http}: the HTTP endpoint ({@code POST
 *       /flows/{flowId}/packets}, {@code /health}, {@code /metrics});</li>
 *   <li>{@link io.understudy.bridge.internals.publish}: the one Kafka producer both endpoints share,
 *       and the per-flow sequence numbers.</li>
 * </ul>
 *
 * <p>The promise to a sender: a packet is acknowledged (TCP ACK, HTTP 202) only after Kafka
 * acknowledged the write with {@code acks=all}. Everything else is answered with a reason
 * ({@link io.understudy.bridge.RejectReason}) and counted ({@link io.understudy.bridge.BridgeMetrics}).
 * A packet that was answered with an error because Kafka did not acknowledge it in time may still
 * have been written: a sender that retries gets at-least-once delivery, never a silent loss; a
 * sender that numbers its packets (numbered TCP frames, the {@code Understudy-Sequence} header)
 * gets exactly-once, since the nodes apply each number of a flow once.
 */
package io.understudy.bridge;
