package io.understudy.node.internals.sync;

import io.understudy.node.internals.PartitionLog;
import io.understudy.node.internals.function.StaticInfoFactory;
import io.understudy.node.internals.leadership.LeaderLookup;
import io.understudy.node.internals.state.PartitionState;
import io.understudy.node.internals.state.PartitionStatus;
import io.understudy.node.internals.state.StateDigest;
import io.understudy.node.internals.state.StoredFlow;
import io.understudy.node.internals.traffic.TrafficPath;
import io.understudy.observability.DecisionLine;
import io.understudy.records.Checkpoint;
import io.understudy.records.FlowContext;
import io.understudy.records.Resync;
import io.understudy.records.StaticInfo;
import io.understudy.records.SyncDeclaration;
import io.understudy.records.SyncState;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The backup's part of synchronization for one partition: while unsynced it stashes ingress and
 * asks the leader for a checkpoint; it checks the leader's static information, installs the
 * contexts and acknowledges every chunk; on the declaration it replays its stash from {@code
 * validFrom} and goes live; it starts over when ordered to resync. Once the partition is
 * synchronized, checking it against the leader's probes is {@link ProbeVerifier}'s part.
 *
 * <p>States (the partition's {@link SyncState}): UNSYNCED (stashing, requesting), RECEIVING
 * (stashing, installing a checkpoint), SYNCHRONIZED (processing), REFUSED (the leader's static
 * information differs: nothing is stashed or processed until the node restarts).
 */
public final class BackupSide {

    private final PartitionLog log;
    private final String nodeId;
    private final StaticInfo staticInfo;
    private final SyncSettings settings;
    private final LeaderLookup leaders;
    private final SyncCounters counters;
    private final Outbox outbox;
    private final PartitionState state;
    private final Stash stash;
    private final KeyValueStore<Integer, byte[]> progressStore;
    private final TrafficPath traffic;
    private final ProtocolMessages messages;
    private final ProbeVerifier probes;
    private SyncProgress progress;
    private long lastRequestAt = Long.MIN_VALUE;
    /** Wall clock of the last message of the checkpoint being received; -1 until the first event after a start. */
    private long lastMessageAt = -1;
    /** Wall clock when the partition last became unsynced; -1 until the first event after that. */
    private long unsyncedSince = -1;
    private boolean synchronizedHere;
    /** TEST ONLY ({@code test.hold.resync.ms}): the resync order held and not yet obeyed, or null. Not stored. */
    private HeldResync heldResync;

    private record HeldResync(String sender, Resync order, long receivedAt) {
    }

    /**
     * @param stash         the partition's stash of ingress records received while not synchronized
     * @param progressStore where the backup side's {@link SyncProgress} is kept
     * @param traffic       applies stashed records once a checkpoint is installed
     * @param probes        the partition's probe verification, told when the state starts over
     */
    public BackupSide(SyncContext context, Stash stash, KeyValueStore<Integer, byte[]> progressStore,
                      TrafficPath traffic, ProbeVerifier probes) {
        this.log = context.log(BackupSide.class);
        this.nodeId = context.nodeId();
        this.staticInfo = context.staticInfo();
        this.settings = context.settings();
        this.leaders = context.leaders();
        this.counters = context.counters();
        this.outbox = context.outbox();
        this.state = context.state();
        this.stash = stash;
        this.progressStore = progressStore;
        this.traffic = traffic;
        this.messages = context.messages();
        this.probes = probes;
    }

    /**
     * Takes up the partition when its task starts.
     *
     * @param startPosition the ingress offset this node's consumer resumes from (its committed
     *                      offset), or -1 if unknown: a fresh or reset partition's stash is
     *                      complete from there
     * @param reset         {@code --reset-state} applies to the partition taken now (this instance is
     *                      starting; see {@link io.understudy.node.internals.startup.StateReset})
     */
    public void init(long startPosition, boolean reset) {
        byte[] stored = progressStore.get(state.partition());
        progress = stored == null ? SyncProgress.startingAt(-1, -1, "") : SyncProgress.decode(stored);
        PartitionStatus status = state.status();
        if (reset && settings.resetState() && !settings.incarnation().equals(progress.resetBy())) {
            progress = SyncProgress.startingAt(progress.coverFrom(), progress.lastSeen(), settings.incarnation());
            long resumeFrom = startPosition >= 0 ? startPosition : nextUnseenOffset();
            restart("state reset at start (--reset-state)", resumeFrom);
        } else if (state.fresh() && !settings.startsSynchronized()) {
            restart("new on this partition", startPosition);
        } else if (status.syncState() == SyncState.REFUSED) {
            restart("retrying after a refusal (" + status.detail() + ")", startPosition);
        } else if (!status.isSynchronized()) {
            log.info("resuming {} (stash complete from offset {}, {} records)", status.syncState(),
                    progress.coverFrom(), progress.stashCount());
        }
    }

    /** The partition's ingress goes to the stash rather than the traffic function. */
    public boolean stashing() {
        SyncState syncState = state.status().syncState();
        return syncState == SyncState.UNSYNCED || syncState == SyncState.RECEIVING;
    }

    /**
     * An ingress record while not synchronized: stashed (or ignored once refused).
     *
     * @param previous the ingress offset this task was handed just before, or -1 if this is the
     *                 first since the task started
     */
    public void onIngress(long offset, long previous, String key, byte[] value, long timestamp, long now) {
        observe(now);
        if (offset <= progress.lastSeen()) {
            return; // cannot happen under exactly-once: stash and position commit together
        }
        if (offset < progress.coverFrom()) {
            return; // before the position this partition's consumer was set to start from: not needed
        }
        if (!stashing()) {
            return; // refused: nothing to keep (a retry stashes from where the consumer resumes)
        }
        // Within one task the consumer hands over every record in order; across a restart of the task it
        // resumes from its committed offset, which commits with the stash: the first record then follows
        // the last one stashed unless the consumer resumed elsewhere (an offset reset). Offsets between two
        // records may be transaction markers, so a record that does not follow at once is taken as a gap.
        long after = previous >= 0 ? previous : offset == progress.lastSeen() + 1 ? progress.lastSeen() : -1;
        if (progress.stashCount() > 0 && after != progress.lastSeen()) {
            counters.restarts.incrementAndGet();
            String reason = "ingress resumed at offset " + offset + " after offset " + progress.lastSeen()
                    + " was stashed: whatever lies between never reached this node";
            log.logger().warn("{}", DecisionLine.of("stash_gap").with("node", nodeId)
                    .with("partition", state.partition()).with("offset", offset).with("last_stashed", progress.lastSeen())
                    .with("detail", "the stash starts over from offset " + offset));
            restart(reason, offset);
        }
        if (progress.stashCount() >= settings.maxStashRecords()) {
            counters.restarts.incrementAndGet();
            restart("stash overflow: " + progress.stashCount() + " records stashed before synchronization completed"
                    + " (sync.max.stash.records)", offset);
        }
        stash.add(new StashedRecord(offset, after, key, value, timestamp));
        progress = progress.stashed(offset);
        saveProgress();
        requestIfDue(now);
    }

    /**
     * A checkpoint message. Only the partition's current leader on the leadership topic may
     * synchronize this node: a node that wrongly believes it leads (it read an old decision, say)
     * would otherwise install its state here and declare it valid.
     */
    public void onCheckpoint(String sender, Checkpoint checkpoint, long now) {
        observe(now);
        SyncState syncState = state.status().syncState();
        String id = checkpoint.getCheckpointId();
        boolean first = checkpoint.getRound() == 0 && checkpoint.getChunkIndex() == 0;
        java.util.Optional<String> leader = leaders.leaderOf(state.partition());
        if (leader.filter(sender::equals).isEmpty()) {
            counters.checkpointsFromNonLeaders.incrementAndGet();
            if (first) {
                log.logger().warn("{}", DecisionLine.of("checkpoint_ignored").with("node", nodeId)
                        .with("partition", state.partition()).with("from", sender).with("checkpoint", id)
                        .with("leader", leader.orElse(null))
                        .with("reason", "the sender does not lead the partition on the leadership topic"));
            }
            return;
        }
        if (first && (syncState == SyncState.UNSYNCED
                || syncState == SyncState.RECEIVING && !id.equals(progress.checkpointId()))) {
            String mismatch = StaticInfoFactory.mismatch(staticInfo, checkpoint.getStaticInfo());
            if (mismatch != null) {
                refuse(sender, checkpoint, "static information differs from leader " + sender + "'s: " + mismatch);
                return;
            }
            if (syncState == SyncState.RECEIVING) {
                log.info("checkpoint {} from {} replaces {} from {}", id,
                        sender, progress.checkpointId(), progress.leader());
            }
            state.clearFlows();
            progress = progress.receiving(id, sender, checkpoint.getChunkCount(), checkpoint.getPosition());
            state.status(new PartitionStatus(SyncState.RECEIVING, -1, -1, StateDigest.EMPTY,
                    "receiving checkpoint " + id + " from " + sender + "; stash complete from offset " + progress.coverFrom()));
            log.info("receiving checkpoint {} from {} at its offset {} ({} chunks)", id, sender,
                    checkpoint.getPosition(), checkpoint.getChunkCount());
        } else if (syncState == SyncState.RECEIVING && id.equals(progress.checkpointId()) && sender.equals(progress.leader())) {
            boolean nextRound = checkpoint.getRound() == progress.round() + 1 && checkpoint.getChunkIndex() == 0
                    && progress.roundComplete();
            boolean nextChunk = checkpoint.getRound() == progress.round() && checkpoint.getChunkIndex() == progress.nextChunk();
            if (nextRound) {
                progress = progress.nextRound(checkpoint.getChunkCount(), checkpoint.getPosition());
                log.info("checkpoint {} round {} at offset {} ({} chunks)", id, checkpoint.getRound(),
                        checkpoint.getPosition(), checkpoint.getChunkCount());
            } else if (!nextChunk) {
                counters.restarts.incrementAndGet();
                abandon("checkpoint " + id + " arrived out of sequence: round " + checkpoint.getRound() + " chunk "
                        + checkpoint.getChunkIndex() + " after round " + progress.round() + " chunk "
                        + (progress.nextChunk() - 1));
                return;
            }
        } else {
            log.debug("checkpoint {} from {} ignored while {}", id, sender,
                    syncState);
            return;
        }
        install(checkpoint);
        lastMessageAt = now;
        outbox.send(messages.ack(sender, id, checkpoint.getRound(), checkpoint.getChunkIndex(), null,
                progress.coverFrom(), progress.stashCount() > 0 ? progress.lastSeen() : -1));
    }

    private void install(Checkpoint checkpoint) {
        for (String flowId : checkpoint.getRemovedFlows()) {
            state.writeFlow(flowId, null);
        }
        for (FlowContext context : checkpoint.getContexts()) {
            state.writeFlow(context.getFlowId(), StoredFlow.of(context).encode());
        }
        progress = progress.chunkInstalled(checkpoint.getContexts().size());
        if (progress.roundComplete()) {
            state.status(state.status().withLastOffset(progress.position()));
        }
        saveProgress();
    }

    private void refuse(String leader, Checkpoint checkpoint, String reason) {
        log.logger().error("{}", DecisionLine.of("refusal").with("node", nodeId)
                .with("partition", state.partition()).with("from", leader).with("checkpoint", checkpoint.getCheckpointId())
                .with("reason", reason).with("detail", "this node stays ineligible for the partition"));
        outbox.send(messages.ack(leader, checkpoint.getCheckpointId(), checkpoint.getRound(), checkpoint.getChunkIndex(),
                reason, progress.coverFrom(), -1));
        stash.clear();
        state.clearFlows();
        state.status(new PartitionStatus(SyncState.REFUSED, -1, -1, StateDigest.EMPTY, reason));
        progress = SyncProgress.startingAt(-1, progress.lastSeen(), progress.resetBy());
        saveProgress();
        counters.refusals.incrementAndGet();
    }

    public void onDeclaration(String sender, SyncDeclaration declaration, long now) {
        observe(now);
        if (state.status().syncState() != SyncState.RECEIVING || !declaration.getCheckpointId().equals(progress.checkpointId())
                || !sender.equals(progress.leader()) || leaders.leaderOf(state.partition()).filter(sender::equals).isEmpty()) {
            log.debug("declaration {} from {} ignored", declaration.getCheckpointId(), sender);
            return;
        }
        long validFrom = declaration.getValidFrom();
        String problem = null;
        if (!progress.roundComplete() || validFrom != progress.position() + 1) {
            problem = "declaration from offset " + validFrom + " does not follow the checkpoint received (round "
                    + progress.round() + " at offset " + progress.position() + ", " + progress.nextChunk() + " of "
                    + progress.chunkCount() + " chunks)";
        } else if (progress.coverFrom() < 0 || progress.coverFrom() > validFrom) {
            problem = "declared synchronized from offset " + validFrom + " but the stash is complete only from offset "
                    + progress.coverFrom();
        } else if (state.status().digest() != declaration.getPartitionDigest()) {
            problem = "installed state's digest " + Long.toHexString(state.status().digest())
                    + " differs from the leader's " + Long.toHexString(declaration.getPartitionDigest()) + " at offset "
                    + (validFrom - 1);
        }
        if (problem != null) {
            counters.restarts.incrementAndGet();
            abandon(problem);
            return;
        }
        String gap = stash.gapFrom(validFrom, progress.lastSeen());
        if (gap != null) {
            // A record the replay needs never reached the stash: no checkpoint makes up for it. Start over
            // from the next record, with a stash complete from there.
            counters.restarts.incrementAndGet();
            log.logger().warn("{}", DecisionLine.of("stash_incomplete").with("node", nodeId)
                    .with("partition", state.partition()).with("from", sender).with("offset", validFrom)
                    .with("checkpoint", declaration.getCheckpointId()).with("reason", gap));
            restart("stash incomplete: " + gap, nextUnseenOffset());
            return;
        }
        int dropped = stash.dropBelow(validFrom);
        long installed = progress.installed();
        int rounds = progress.round() + 1;
        state.status(new PartitionStatus(SyncState.SYNCHRONIZED, validFrom, validFrom - 1, state.status().digest(), ""));
        long[] replayed = {0};
        stash.forEachFrom(validFrom, record -> {
            TrafficPath.Applied applied = traffic.apply(state, record.offset(), record.key(), record.value(),
                    record.timestamp());
            outbox.output(applied.output(), record.timestamp());
            replayed[0]++;
        });
        stash.clear();
        progress = SyncProgress.startingAt(-1, -1, progress.resetBy());
        saveProgress();
        synchronizedHere = true;
        probes.forget();
        counters.synchronizations.incrementAndGet();
        log.info("SYNCHRONIZED from offset {} by {} (checkpoint {}: {} contexts in {} rounds;"
                        + " {} stashed records replayed, {} dropped) {} ms after the partition became unsynced", validFrom,
                sender, declaration.getCheckpointId(), installed, rounds, replayed[0], dropped, now - unsyncedSince);
    }

    /**
     * Someone (the egress selector) says this node's state is wrong: drop it and synchronize again;
     * with the test hook {@code test.hold.resync.ms}, not before the hold has passed (see {@link #tick}).
     *
     * @param now the wall clock, read only to time the test hook's hold
     */
    public void onResync(String sender, Resync order, long now) {
        if (state.status().syncState() == SyncState.REFUSED) {
            return;
        }
        if (!settings.holdResyncForTest().isZero()) {
            if (heldResync == null) {
                heldResync = new HeldResync(sender, order, now);
                log.warn("TEST HOOK: holding the resync order of {} at offset {} for {} ms (state kept as it is)",
                        sender, order.getAtOffset(), settings.holdResyncForTest().toMillis());
            }
            return;
        }
        obeyResync(sender, order);
    }

    private void obeyResync(String sender, Resync order) {
        counters.resyncOrders.incrementAndGet();
        log.logger().warn("{}", DecisionLine.of("resync").with("node", nodeId)
                .with("partition", state.partition()).with("from", sender).with("offset", order.getAtOffset())
                .with("reason", order.getReason()));
        restart("resync ordered by " + sender + ": " + order.getReason(), nextUnseenOffset());
    }

    /** Every request interval: repeats the request while unsynced, gives up a silent checkpoint. */
    public void tick(long now) {
        observe(now);
        if (heldResync != null && now - heldResync.receivedAt() >= settings.holdResyncForTest().toMillis()) {
            HeldResync held = heldResync;
            heldResync = null;
            log.warn("TEST HOOK: obeying the resync order of {} held for {} ms", held.sender(), now - held.receivedAt());
            obeyResync(held.sender(), held.order());
        }
        SyncState syncState = state.status().syncState();
        if (syncState == SyncState.UNSYNCED) {
            requestIfDue(now);
        } else if (syncState == SyncState.RECEIVING) {
            String leader = leaders.leaderOf(state.partition()).orElse(progress.leader());
            if (!leader.equals(progress.leader())) {
                counters.restarts.incrementAndGet();
                abandon("leadership moved from " + progress.leader() + " to " + leader);
            } else if (now - lastMessageAt > settings.sessionTimeout().toMillis()) {
                counters.restarts.incrementAndGet();
                abandon("no checkpoint message from " + progress.leader() + " for " + (now - lastMessageAt) + " ms");
            }
        }
    }

    /** True once a declaration synchronized this partition in this process (the test corruption hook waits for it). */
    public boolean synchronizedHere() {
        return synchronizedHere;
    }

    /**
     * Starts the clocks on the first event after a start or a restart: the wall clock is only
     * known while handling a record or a punctuation (not when the task initializes).
     */
    private void observe(long now) {
        if (lastMessageAt < 0) {
            lastMessageAt = now;
        }
        if (unsyncedSince < 0) {
            unsyncedSince = now;
        }
    }

    private void requestIfDue(long now) {
        if (state.status().syncState() != SyncState.UNSYNCED
                || lastRequestAt != Long.MIN_VALUE && now - lastRequestAt < settings.requestInterval().toMillis()) {
            return;
        }
        if (lastRequestAt == Long.MIN_VALUE) {
            log.info("asking the leader ({}) for a checkpoint; stash complete from offset {}",
                    leaders.leaderOf(state.partition()).orElse("none known yet"), progress.coverFrom());
        }
        lastRequestAt = now;
        outbox.send(messages.request(progress.coverFrom(), staticInfo));
        counters.requestsSent.incrementAndGet();
    }

    /** Gives up the checkpoint being received, keeping the stash (still complete from the same offset). */
    private void abandon(String reason) {
        log.warn("synchronization {} abandoned: {}; asking again", progress.checkpointId(), reason);
        state.clearFlows();
        progress = new SyncProgress(progress.coverFrom(), progress.lastSeen(), progress.stashCount(), "", "", 0, 0, 0, -1,
                0, progress.resetBy());
        saveProgress();
        state.status(PartitionStatus.unsynced(reason + "; stash complete from offset " + progress.coverFrom()));
        lastRequestAt = Long.MIN_VALUE;
    }

    /** Drops flows and stash: unsynced, stashing every record from {@code coverFrom} on. */
    private void restart(String reason, long coverFrom) {
        int flows = state.clearFlows();
        int stashed = stash.clear();
        progress = SyncProgress.startingAt(coverFrom, coverFrom >= 0 ? coverFrom - 1 : -1, progress.resetBy());
        saveProgress();
        state.status(PartitionStatus.unsynced(reason + "; stash complete from offset " + coverFrom));
        probes.forget();
        lastRequestAt = Long.MIN_VALUE;
        unsyncedSince = -1;
        log.info("UNSYNCED ({}): {} flows and {} stashed records dropped; stashing from offset {}",
                reason, flows, stashed, coverFrom);
    }

    /** The first ingress offset this node has not seen: its stash is complete from there if it starts now. */
    private long nextUnseenOffset() {
        long seen = Math.max(state.status().lastOffset(), progress.lastSeen());
        return seen >= 0 ? seen + 1 : progress.coverFrom();
    }

    private void saveProgress() {
        progressStore.put(state.partition(), progress.encode());
    }
}
