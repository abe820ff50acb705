/**
 * Publishing to the ingress topic: {@link io.understudy.bridge.internals.publish.PacketPublisher} owns the
 * one Kafka producer both endpoints share (idempotent, {@code acks=all}), numbers each flow's
 * packets, and tells whether Kafka is reachable ({@link io.understudy.bridge.internals.publish.KafkaHealth}).
 *
 * <p>Order: a flow's packets get their numbers (the endpoint's, or the bridge's own count for
 * unnumbered ones) and are handed to the producer under the same per-flow lock, and a flow always
 * maps to one partition, so a flow's packets reach the topic in the order the bridge received them.
 *
 * <p>Never blocking an endpoint for long: while Kafka is known to be unreachable (the latest probe
 * or send failed) a packet is refused at once with {@code KAFKA_UNAVAILABLE}, instead of blocking
 * an endpoint thread for {@code max.block.ms} in the producer or waiting for its delivery timeout.
 */
package io.understudy.bridge.internals.publish;
