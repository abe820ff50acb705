/**
 * The ingress bridge: takes packets from the first endpoint and publishes each one as a
 * {@link io.understudy.records.TrafficPacket} to the ingress topic ({@code <prefix>ingress}),
 * keyed by flow id, valued in the Confluent wire format.
 *
 * <p>Start here: {@link io.understudy.bridge.IngressBridge#start} wires the pieces, each in its
 * own package:
 * <ul>
 *   <li>{@link io.understudy.bridge.config} — every configuration key, its default and its doc;</li>
 *   <li>{@link io.understudy.bridge.tcp} — the TCP endpoint (length-prefixed frames, one ack per
 *       frame once Kafka has the packet), whose wire format is {@link io.understudy.bridge.tcp.frame};</li>
 *   <li>{@link io.understudy.bridge.http} — the HTTP endpoint ({@code POST /flows/{flowId}/packets},
 *       {@code /health}, {@code /metrics});</li>
 *   <li>{@link io.understudy.bridge.publish} — the one Kafka producer both endpoints share, and the
 *       per-flow sequence numbers;</li>
 *   <li>{@link io.understudy.bridge.client} — clients for tests and traffic generators.</li>
 * </ul>
 *
 * <p>The promise to a sender: a packet is acknowledged (TCP ACK, HTTP 202) only after Kafka
 * acknowledged the write with {@code acks=all}. Everything else is answered with a reason
 * ({@link io.understudy.bridge.RejectReason}) and counted ({@link io.understudy.bridge.BridgeMetrics}).
 * A packet that was answered with an error because Kafka did not acknowledge it in time may still
 * have been written: a sender that retries gets at-least-once delivery, never a silent loss.
 */
package io.understudy.bridge;
