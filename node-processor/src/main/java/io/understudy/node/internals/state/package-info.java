/**
 * What a node keeps per ingress partition: each flow's session context ({@link
 * io.understudy.node.internals.state.StoredFlow}), the node's own standing on the partition ({@link
 * io.understudy.node.internals.state.PartitionStatus}) and the incremental digest of it all ({@link
 * io.understudy.node.internals.state.StateDigest}), changed only through {@link
 * io.understudy.node.internals.state.PartitionState} so the digest stays right. All live in changelogged
 * Kafka Streams stores and commit atomically with the outputs (exactly-once).
 */
package io.understudy.node.internals.state;
