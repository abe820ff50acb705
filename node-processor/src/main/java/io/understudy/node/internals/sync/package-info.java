/**
 * The synchronization protocol of docs/design.md, per partition, inside the node's Kafka Streams task.
 *
 * <p>{@link io.understudy.node.internals.sync.LeaderSide}: the leader answers a request with
 * checkpoint chunks (its contexts at its position O), and once all are acknowledged declares the
 * backup synchronized from O+1 if the backup's stash is complete from there, else re-checkpoints
 * the flows changed since; it also sends probes. {@link io.understudy.node.internals.sync.BackupSide}:
 * an unsynced partition stashes ingress ({@link io.understudy.node.internals.sync.Stash}), requests,
 * checks static information (or refuses), installs, acknowledges, replays its stash on the
 * declaration and obeys resync orders. {@link io.understudy.node.internals.sync.ProbeVerifier}: a
 * synchronized backup checks the leader's probes and repairs what differs. {@link
 * io.understudy.node.internals.sync.SyncProgress} is what the backup side persists; {@link
 * io.understudy.node.internals.sync.SyncSettings} its settings. Their log lines start with the node
 * and the partition ({@link io.understudy.node.internals.PartitionLog}).
 */
package io.understudy.node.internals.sync;
