/**
 * What a node keeps per ingress partition: each flow's session context ({@link
 * io.understudy.node.state.StoredFlow}), the node's own standing on the partition ({@link
 * io.understudy.node.state.PartitionStatus}) and the incremental digest of it all ({@link
 * io.understudy.node.state.StateDigest}), changed only through {@link
 * io.understudy.node.state.PartitionState} so the digest stays right. All live in changelogged
 * Kafka Streams stores and commit atomically with the outputs (exactly-once).
 */
package io.understudy.node.state;
