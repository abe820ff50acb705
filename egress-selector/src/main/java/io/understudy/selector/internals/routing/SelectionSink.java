package io.understudy.selector.internals.routing;

import io.understudy.records.EgressRecord;
import io.understudy.records.LeaderChange;
import io.understudy.records.NodeOutput;
import io.understudy.records.SyncMessage;

/**
 * Where a {@link PartitionSelection}'s decisions go. The shard worker writes them all in one Kafka
 * transaction together with the partition's state; a test collects them in lists.
 */
public interface SelectionSink {

    /** An egress record for the partition (egress partition p for ingress partition p). */
    void egress(EgressRecord record);

    /** A decision for the leadership topic. */
    void leaderChange(LeaderChange change);

    /** A resync order to a node whose state diverged (sync partition p). */
    void resync(SyncMessage order);

    /** The leader's verdict on a poison ingress record (dead-letter partition p). */
    void deadLetter(NodeOutput verdict);
}
