/**
 * The TCP endpoint: a non-blocking server on one selector thread that reads length-prefixed
 * frames ({@link io.understudy.bridge.tcp.frame} holds the wire format) from any number of
 * connections, publishes their packets, and answers every frame in order once Kafka has answered.
 *
 * <p>Threads: the selector thread ({@code understudy-bridge-tcp}) accepts, reads, decodes, hands
 * packets to the producer and writes replies. The producer's thread only marks a reply as ready
 * and wakes the selector, so a slow client never holds up Kafka's callbacks.
 *
 * <p>Backpressure: a connection with {@code tcp.max.pending.frames} unanswered frames is not read
 * until replies drain (Kafka slow or unreachable, or the client not reading its replies). The
 * producer itself may block the selector thread for at most {@code producer.max.block.ms} when its
 * buffer is full, which slows every connection: the right thing when Kafka cannot keep up.
 */
package io.understudy.bridge.internals.tcp;
