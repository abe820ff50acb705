/**
 * A node of Understudy. This package is the node's public face; everything under {@code internals}
 * is the node's own and may change with any commit (other modules must not import it: a build test
 * checks that).
 *
 * <p>Start here:
 * <ul>
 *   <li>{@link io.understudy.node.UnderstudyNode}: a running node, the Kafka Streams application
 *       that runs the traffic function on the whole ingress topic, with its heartbeats;</li>
 *   <li>{@link io.understudy.node.NodeConfig}: every setting, with its default and its doc;</li>
 *   <li>{@link io.understudy.node.NodeReplay}: the node's record path on one partition outside Kafka
 *       Streams, for replaying ingress (the audit's reference).</li>
 * </ul>
 *
 * <p>The internals ({@code io.understudy.node.internals}), in the order a record meets them:
 * <ul>
 *   <li>{@code startup}: what a node settles with the cluster before it starts (where its consumer
 *       begins on each partition);</li>
 *   <li>{@code processing}: the Kafka Streams wiring, the per-partition processor that routes each
 *       record to the traffic path, the stash or the protocol, and the stores;</li>
 *   <li>{@code traffic}: one ingress record through the traffic function into exactly one output;</li>
 *   <li>{@code function}: finding, configuring and calling the traffic function;</li>
 *   <li>{@code state}: what is kept per flow and per partition, and the incremental digest;</li>
 *   <li>{@code sync}: the synchronization protocol, leader side and backup side;</li>
 *   <li>{@code leadership}: who leads each partition, as read from the selector's leadership topic;</li>
 *   <li>{@code heartbeat}: liveness and progress, published every interval;</li>
 *   <li>{@code metrics}: the node's Prometheus meters.</li>
 * </ul>
 */
package io.understudy.node;
