/**
 * The node's record path: the Kafka Streams {@link io.understudy.node.processing.NodeTopology}
 * and its {@link io.understudy.node.processing.TrafficProcessor}, which answers every ingress
 * record with exactly one {@code NodeOutput}.
 */
package io.understudy.node.processing;
