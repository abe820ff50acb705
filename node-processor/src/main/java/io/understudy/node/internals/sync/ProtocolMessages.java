package io.understudy.node.internals.sync;

import io.understudy.records.Checkpoint;
import io.understudy.records.CheckpointAck;
import io.understudy.records.FlowContext;
import io.understudy.records.StaticInfo;
import io.understudy.records.SyncDeclaration;
import io.understudy.records.SyncMessage;
import io.understudy.records.SyncProbe;
import io.understudy.records.SyncRequest;
import java.util.List;

/** Builds the protocol's messages, each in its {@link SyncMessage} envelope. */
final class ProtocolMessages {

    private final int partition;
    private final String sender;

    ProtocolMessages(int partition, String sender) {
        this.partition = partition;
        this.sender = sender;
    }

    /** To whoever leads the partition. */
    SyncMessage request(long stashFrom, StaticInfo staticInfo) {
        return envelope(null, new SyncRequest(stashFrom, staticInfo));
    }

    SyncMessage checkpoint(String backup, String checkpointId, int round, long position, int chunkIndex, int chunkCount,
                           StaticInfo staticInfo, List<FlowContext> contexts, List<String> removed, long digest) {
        return envelope(backup, Checkpoint.newBuilder()
                .setCheckpointId(checkpointId)
                .setRound(round)
                .setPosition(position)
                .setChunkIndex(chunkIndex)
                .setChunkCount(chunkCount)
                .setStaticInfo(staticInfo)
                .setContexts(contexts)
                .setRemovedFlows(removed)
                .setPartitionDigest(digest)
                .build());
    }

    SyncMessage ack(String leader, String checkpointId, int round, int chunkIndex, String refusal, long stashFrom,
                    long stashTo) {
        return envelope(leader, CheckpointAck.newBuilder()
                .setCheckpointId(checkpointId)
                .setRound(round)
                .setChunkIndex(chunkIndex)
                .setAccepted(refusal == null)
                .setRefusal(refusal)
                .setStashFrom(stashFrom)
                .setStashTo(stashTo)
                .build());
    }

    SyncMessage declaration(String backup, String checkpointId, long validFrom, long digest) {
        return envelope(backup, new SyncDeclaration(checkpointId, validFrom, digest));
    }

    /** To every backup of the partition. */
    SyncMessage probe(String probeId, long position, int sliceIndex, int sliceCount, List<FlowContext> contexts) {
        return envelope(null, new SyncProbe(probeId, position, sliceIndex, sliceCount, contexts));
    }

    private SyncMessage envelope(String recipient, Object body) {
        return SyncMessage.newBuilder()
                .setPartition(partition)
                .setSender(sender)
                .setRecipient(recipient)
                .setBody(body)
                .build();
    }
}
