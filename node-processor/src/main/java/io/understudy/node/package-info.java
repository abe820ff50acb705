/**
 * A node of Understudy: {@link io.understudy.node.UnderstudyNode} runs the traffic function on
 * the whole ingress topic in its own Kafka Streams application and publishes heartbeats; {@link
 * io.understudy.node.NodeConfig} lists every setting.
 *
 * <p>Map: {@code processing} (the record path), {@code state} (what is kept per flow and per
 * partition), {@code function} (loading and calling the traffic function), {@code heartbeat}
 * (liveness and progress).
 */
package io.understudy.node;
