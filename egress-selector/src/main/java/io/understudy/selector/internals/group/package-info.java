/**
 * The selector group: several selector instances, one active owner per shard of partitions and
 * warm standbys for it, with no consumer group and no rebalance. In the manner of Flink's
 * leader election, the roles are small and separate:
 * <ul>
 *   <li>{@link io.understudy.selector.internals.group.SelectorHeartbeater}: this instance's heartbeat, naming
 *       the shards it owns (the contender's voice);</li>
 *   <li>{@link io.understudy.selector.internals.group.GroupView}: everyone's heartbeats on the broker's clock;</li>
 *   <li>{@link io.understudy.selector.internals.group.ShardElection}: the rule, rendezvous hashing over the
 *       live instances, sticky while an owner lives;</li>
 *   <li>{@link io.understudy.selector.internals.group.SelectorGroup}: the driver that applies the rule and
 *       takes a shard over by fencing its fixed transactional id;</li>
 *   <li>{@link io.understudy.selector.internals.group.StateTail}: the committed per-partition state, tailed
 *       by standbys so that a takeover restores nothing.</li>
 * </ul>
 * The work of an owned shard is {@link io.understudy.selector.internals.routing.ShardWorker}'s.
 */
package io.understudy.selector.internals.group;
