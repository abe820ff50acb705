/**
 * The node's Kafka Streams wiring: the {@link io.understudy.node.internals.processing.NodeTopology} (ingress
 * and sync in, outputs and sync messages out), its {@link io.understudy.node.internals.processing.NodeProcessor}
 * (one per ingress partition, routing records to the traffic path, the stash or the protocol) and
 * its {@link io.understudy.node.internals.processing.NodeStores}.
 */
package io.understudy.node.internals.processing;
