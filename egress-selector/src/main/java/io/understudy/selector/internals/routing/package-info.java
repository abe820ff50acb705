/**
 * The selector's record path. {@link io.understudy.selector.internals.routing.PartitionSelection} holds the
 * decision rules for one partition in plain Java (forward the leader's outputs past the watermark,
 * keep the backups', fail over, compare digests) and writes through a small {@link
 * io.understudy.selector.internals.routing.SelectionSink}; {@link io.understudy.selector.internals.routing.ShardWorker}
 * is the loop of an owned shard: it reads node outputs and commands by assignment, feeds the
 * selections, and commits their egress, decisions and state in one transaction per commit interval
 * on the shard's fixed transactional id. Beside it, a {@link
 * io.understudy.selector.internals.routing.DigestReader} looks up, in the leader's outputs, the digests a new
 * owner needs for offsets its predecessor emitted, on a consumer of its own so that egress never waits.
 */
package io.understudy.selector.internals.routing;
