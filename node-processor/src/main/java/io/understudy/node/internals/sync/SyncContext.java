package io.understudy.node.internals.sync;

import io.understudy.node.internals.PartitionLog;
import io.understudy.node.internals.leadership.LeaderLookup;
import io.understudy.node.internals.state.PartitionState;
import io.understudy.records.StaticInfo;

/**
 * What both sides of the synchronization protocol work with for one partition of one node: who
 * this node is, its static information, the protocol's settings, who leads, the counters, where
 * protocol messages go, and the partition's state.
 */
public record SyncContext(String nodeId, StaticInfo staticInfo, SyncSettings settings, LeaderLookup leaders,
                          SyncCounters counters, Outbox outbox, PartitionState state) {

    /** The logger of {@code owner} for this node's partition: every message prefixed with both. */
    PartitionLog log(Class<?> owner) {
        return PartitionLog.of(owner, nodeId, state.partition());
    }

    /** Builds the protocol messages this node sends about the partition. */
    ProtocolMessages messages() {
        return new ProtocolMessages(state.partition(), nodeId);
    }
}
