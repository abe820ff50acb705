package io.understudy.node.internals.state;

import io.understudy.records.SyncState;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What a node knows about its own standing on one ingress partition, kept in the
 * {@code partition-status} store next to the flows so that it commits with them.
 *
 * @param syncState  where the node stands in the synchronization protocol
 * @param syncedFrom first offset from which it is synchronized, or -1
 * @param lastOffset last ingress offset processed (or installed from a checkpoint), or -1
 * @param digest     state digest after {@code lastOffset}
 * @param detail     why it is unsynced or refused, or empty
 */
public record PartitionStatus(SyncState syncState, long syncedFrom, long lastOffset, long digest, String detail) {

    /** A partition the node has never seen. */
    public static PartitionStatus unknown() {
        return new PartitionStatus(SyncState.UNSYNCED, -1, -1, StateDigest.EMPTY, "");
    }

    /** Synchronized from the start of the ingress log (the initial primary, or a fresh deployment). */
    public static PartitionStatus synchronizedFromStart() {
        return new PartitionStatus(SyncState.SYNCHRONIZED, 0, -1, StateDigest.EMPTY, "");
    }

    public boolean isSynchronized() {
        return syncState == SyncState.SYNCHRONIZED;
    }

    /** Not synchronized (no state, or state being received), for the reason given. */
    public static PartitionStatus unsynced(String why) {
        return new PartitionStatus(SyncState.UNSYNCED, -1, -1, StateDigest.EMPTY, why == null ? "" : why);
    }

    public PartitionStatus withDigest(long newDigest) {
        return new PartitionStatus(syncState, syncedFrom, lastOffset, newDigest, detail);
    }

    public PartitionStatus withLastOffset(long offset) {
        return new PartitionStatus(syncState, syncedFrom, offset, digest, detail);
    }

    public PartitionStatus advancedTo(long offset, long newDigest) {
        return new PartitionStatus(syncState, syncedFrom, offset, newDigest, detail);
    }

    public PartitionStatus withSync(SyncState state, long from, String why) {
        return new PartitionStatus(state, from, lastOffset, digest, why == null ? "" : why);
    }

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1); // layout version
            out.writeByte(syncState.ordinal());
            out.writeLong(syncedFrom);
            out.writeLong(lastOffset);
            out.writeLong(digest);
            out.writeUTF(detail);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static PartitionStatus decode(byte[] encoded) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(encoded))) {
            int version = in.readByte();
            if (version != 1) {
                throw new IllegalStateException("partition status layout version " + version + " is not known to this node");
            }
            SyncState state = SyncState.values()[in.readByte()];
            return new PartitionStatus(state, in.readLong(), in.readLong(), in.readLong(), in.readUTF());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
