package io.understudy.node.internals.sync;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The backup side of synchronization for one partition, as far as it must survive a restart: what
 * the stash covers and which checkpoint is being received. Kept in the {@code sync-progress} store,
 * so it commits with the stash, the flows and the acknowledgements it explains.
 *
 * @param coverFrom    first ingress offset from which the stash is complete, or -1 while unknown; once a
 *                     record is stashed, never before the first stashed record
 * @param lastSeen     last ingress offset stashed (or known to precede the stash), or -1
 * @param stashCount   records in the stash
 * @param checkpointId the synchronization being received, or "" when none
 * @param leader       the node sending it, or ""
 * @param round        its current round
 * @param chunkCount   chunks in the current round
 * @param nextChunk    index of the next chunk expected in the current round
 * @param position     the leader's position of the current round
 * @param installed    contexts installed so far in this synchronization
 * @param resetBy      the incarnation whose reset last wiped this partition, or ""
 */
public record SyncProgress(long coverFrom, long lastSeen, long stashCount, String checkpointId, String leader, int round,
                           int chunkCount, int nextChunk, long position, long installed, String resetBy) {

    /** An empty stash complete from {@code coverFrom}, no checkpoint being received. */
    public static SyncProgress startingAt(long coverFrom, long lastSeen, String resetBy) {
        return new SyncProgress(coverFrom, lastSeen, 0, "", "", 0, 0, 0, -1, 0, resetBy);
    }

    public boolean receiving() {
        return !checkpointId.isEmpty();
    }

    /** All chunks of the current round are installed. */
    public boolean roundComplete() {
        return receiving() && nextChunk == chunkCount;
    }

    /**
     * One more record stashed. The first one moves {@code coverFrom} up to its own offset if it lies
     * beyond: the stash holds nothing before it, whatever the consumer was expected to resume from.
     */
    public SyncProgress stashed(long offset) {
        return new SyncProgress(stashCount == 0 ? Math.max(coverFrom, offset) : coverFrom, offset, stashCount + 1, checkpointId, leader, round,
                chunkCount, nextChunk, position, installed, resetBy);
    }

    /** Round 0 of a synchronization begins. */
    public SyncProgress receiving(String id, String from, int chunks, long roundPosition) {
        return new SyncProgress(coverFrom, lastSeen, stashCount, id, from, 0, chunks, 0, roundPosition, 0, resetBy);
    }

    /** A further round of the same synchronization begins. */
    public SyncProgress nextRound(int chunks, long roundPosition) {
        return new SyncProgress(coverFrom, lastSeen, stashCount, checkpointId, leader, round + 1, chunks, 0, roundPosition,
                installed, resetBy);
    }

    public SyncProgress chunkInstalled(int contexts) {
        return new SyncProgress(coverFrom, lastSeen, stashCount, checkpointId, leader, round, chunkCount, nextChunk + 1,
                position, installed + contexts, resetBy);
    }

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(96);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1); // layout version
            out.writeLong(coverFrom);
            out.writeLong(lastSeen);
            out.writeLong(stashCount);
            out.writeUTF(checkpointId);
            out.writeUTF(leader);
            out.writeInt(round);
            out.writeInt(chunkCount);
            out.writeInt(nextChunk);
            out.writeLong(position);
            out.writeLong(installed);
            out.writeUTF(resetBy);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static SyncProgress decode(byte[] encoded) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            int version = in.readByte();
            if (version != 1) {
                throw new IllegalStateException("sync progress layout version " + version + " is not known to this node");
            }
            return new SyncProgress(in.readLong(), in.readLong(), in.readLong(), in.readUTF(), in.readUTF(), in.readInt(),
                    in.readInt(), in.readInt(), in.readLong(), in.readLong(), in.readUTF());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
