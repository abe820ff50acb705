package io.understudy.node.internals.sync;

import java.util.BitSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * A leader's synchronization of one backup on one partition, while it runs. Kept in memory only:
 * if the leader restarts, the backup hears nothing more, abandons it after the session timeout
 * and asks again.
 */
final class LeaderSession {

    final String checkpointId;
    final String backup;
    final long startedAt;
    long lastHeardAt;
    /** The backup acknowledged something of this session (so a repeated request means it started over). */
    boolean heardBack;
    int round = -1;
    /** When the current round was sent. */
    long roundSentAt;
    /** The leader's position (last applied offset) when the current round's snapshot was taken. */
    long position;
    /** The leader's partition digest at {@link #position}. */
    long digest;
    int chunkCount;
    private final BitSet acked = new BitSet();
    /** First offset of the backup's complete stash, from its latest acknowledgement. */
    long coverFrom = -1;
    /** Flows removed since the current round's snapshot: the next round must tell the backup. */
    final Set<String> removedSince = new TreeSet<>(); // sorted: the next round lists them in flow id order
    /** All of the round was acknowledged but the backup's stash starts after it: wait for the leader to move. */
    boolean waitingForProgress;
    long contextsSent;

    LeaderSession(String checkpointId, String backup, long now) {
        this.checkpointId = checkpointId;
        this.backup = backup;
        this.startedAt = now;
        this.lastHeardAt = now;
    }

    void beginRound(int newRound, long roundPosition, long roundDigest, int chunks, int contexts, long now) {
        round = newRound;
        roundSentAt = now;
        position = roundPosition;
        digest = roundDigest;
        chunkCount = chunks;
        acked.clear();
        removedSince.clear();
        waitingForProgress = false;
        contextsSent += contexts;
    }

    void acknowledged(int chunkIndex) {
        if (chunkIndex >= 0 && chunkIndex < chunkCount) {
            acked.set(chunkIndex);
        }
    }

    boolean roundAcknowledged() {
        return acked.cardinality() == chunkCount;
    }

    /** The backup's stash holds every record after the round's position: it has seen every later change. */
    boolean backupCoversPosition() {
        return coverFrom >= 0 && coverFrom <= position + 1;
    }
}
