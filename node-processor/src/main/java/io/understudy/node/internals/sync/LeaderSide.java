package io.understudy.node.internals.sync;

import io.understudy.node.internals.PartitionLog;
import io.understudy.node.internals.function.StaticInfoFactory;
import io.understudy.node.internals.leadership.LeaderLookup;
import io.understudy.node.internals.state.PartitionState;
import io.understudy.node.internals.state.StoredFlow;
import io.understudy.observability.DecisionLine;
import io.understudy.records.CheckpointAck;
import io.understudy.records.FlowContext;
import io.understudy.records.StaticInfo;
import io.understudy.records.SyncRequest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.LongPredicate;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * The leader's part of synchronization for one partition: answers requests with checkpoints,
 * decides on the acknowledgements, and sends probes. Runs on the task's stream thread between two
 * records, so every snapshot it takes is consistent with its position.
 *
 * <p>Deciding (docs/design.md, step 3): once every chunk of a round is acknowledged, the backup is
 * declared synchronized from {@code position + 1} if its stash is complete from there on, since
 * then it has seen every change after the snapshot. Otherwise its stash starts later than the
 * snapshot (this leader was behind the backup), and a new round carries the flows changed (and
 * removed) since, at the leader's current position, once that position reaches the start of the
 * backup's stash, so that the new round is the last one.
 */
public final class LeaderSide {

    /** A session whose backup is silent this many session timeouts is forgotten. */
    private static final int FORGET_FACTOR = 4;

    private final PartitionLog log;
    private final String nodeId;
    private final StaticInfo staticInfo;
    private final SyncSettings settings;
    private final LeaderLookup leaders;
    private final SyncCounters counters;
    private final Outbox outbox;
    private final PartitionState state;
    private final ProtocolMessages messages;
    private final Map<String, LeaderSession> sessions = new TreeMap<>();
    private long probeSequence;
    /** Ingress bytes applied since the last probe: what pays for the next one. */
    private long ingressBytesSinceProbe;

    public LeaderSide(SyncContext context) {
        this.log = context.log(LeaderSide.class);
        this.nodeId = context.nodeId();
        this.staticInfo = context.staticInfo();
        this.settings = context.settings();
        this.leaders = context.leaders();
        this.counters = context.counters();
        this.outbox = context.outbox();
        this.state = context.state();
        this.messages = context.messages();
    }

    /** This node serves the partition: it leads it and is synchronized itself. */
    public boolean leads() {
        return state.status().isSynchronized()
                && leaders.leaderOf(state.partition()).filter(nodeId::equals).isPresent();
    }

    public void onRequest(String backup, SyncRequest request, long now) {
        if (!leads()) {
            log.debug("request from {} left to the leader {}", backup,
                    leaders.leaderOf(state.partition()).orElse("(none known)"));
            return;
        }
        LeaderSession running = sessions.get(backup);
        if (running != null && !running.heardBack && now - running.startedAt < settings.sessionTimeout().toMillis()) {
            return; // the backup repeats its request until the checkpoint reaches it
        }
        String mismatch = StaticInfoFactory.mismatch(staticInfo, request.getStaticInfo());
        if (mismatch != null) {
            log.warn("{} asks to be synchronized but its static information differs ({}); sending the"
                    + " checkpoint for it to refuse", backup, mismatch);
        }
        LeaderSession session = new LeaderSession(UUID.randomUUID().toString(), backup, now);
        sessions.put(backup, session);
        log.info("synchronizing {} (its stash is complete from offset {}) with checkpoint {}",
                backup, request.getStashFrom(), session.checkpointId);
        sendRound(session, 0, snapshot(lastOffset -> true), List.of(), now);
    }

    public void onAck(String backup, CheckpointAck ack, long now) {
        LeaderSession session = sessions.get(backup);
        if (session == null && ack.getAccepted() && leads()) {
            // This task never ran that synchronization: the partition moved here from another instance of
            // this node mid-protocol (the previous one committed every acknowledgement it handled, so this
            // one is in flight), or this node restarted. Start over at once rather than leave the backup to
            // wait out its session timeout: a new checkpoint replaces the one it was receiving, and its stash
            // stays complete from where it was.
            LeaderSession fresh = new LeaderSession(UUID.randomUUID().toString(), backup, now);
            sessions.put(backup, fresh);
            log.info("acknowledgement of {} by {} belongs to a synchronization this task did not run"
                    + " (the partition moved here mid-protocol); synchronizing {} again with checkpoint {}",
                    ack.getCheckpointId(), backup, backup, fresh.checkpointId);
            sendRound(fresh, 0, snapshot(lastOffset -> true), List.of(), now);
            return;
        }
        if (session == null || !session.checkpointId.equals(ack.getCheckpointId())) {
            log.debug("acknowledgement of {} by {} belongs to no running synchronization", ack.getCheckpointId(), backup);
            return;
        }
        session.heardBack = true;
        session.lastHeardAt = now;
        if (!ack.getAccepted()) {
            sessions.remove(backup);
            log.logger().warn("{}", DecisionLine.of("refusal").with("partition", state.partition())
                    .with("node", backup).with("checkpoint", session.checkpointId).with("reason", ack.getRefusal()));
            return;
        }
        if (ack.getRound() != session.round) {
            return;
        }
        session.acknowledged(ack.getChunkIndex());
        session.coverFrom = ack.getStashFrom();
        if (session.roundAcknowledged()) {
            decide(session, now);
        }
    }

    /** A flow was forgotten by the record just applied: the next round of every session must say so. */
    public void flowRemoved(String flowId) {
        for (LeaderSession session : sessions.values()) {
            session.removedSince.add(flowId);
        }
    }

    /** After each record applied ({@code bytes} of ingress): sessions waiting for this leader to move decide again. */
    public void afterRecord(long bytes, long now) {
        ingressBytesSinceProbe += bytes;
        decideWaiting(now);
    }

    private void decideWaiting(long now) {
        if (sessions.isEmpty()) {
            return;
        }
        for (LeaderSession session : List.copyOf(sessions.values())) {
            if (session.waitingForProgress) {
                decide(session, now);
            }
        }
    }

    /**
     * Every request interval: waiting sessions decide again; sessions whose backup is long silent are
     * forgotten. Only long silent: a slow backup's acknowledgements may still come, and a backup that
     * started over says so with a new request, which replaces its session at once.
     */
    public void tick(long now) {
        decideWaiting(now);
        long forgetAfter = FORGET_FACTOR * settings.sessionTimeout().toMillis();
        for (Iterator<LeaderSession> it = sessions.values().iterator(); it.hasNext(); ) {
            LeaderSession session = it.next();
            if (!state.status().isSynchronized() || now - session.lastHeardAt > forgetAfter) {
                it.remove();
                log.warn("synchronization {} of {} abandoned: {}", session.checkpointId,
                        session.backup, state.status().isSynchronized()
                                ? "no acknowledgement for " + (now - session.lastHeardAt) + " ms" : "this node is unsynced");
            }
        }
    }

    private void decide(LeaderSession session, long now) {
        session.waitingForProgress = false;
        if (!state.status().isSynchronized()) {
            sessions.remove(session.backup);
            return;
        }
        if (session.backupCoversPosition()) {
            long validFrom = session.position + 1;
            outbox.send(messages.declaration(session.backup, session.checkpointId, validFrom, session.digest));
            sessions.remove(session.backup);
            counters.declarationsSent.incrementAndGet();
            log.logger().info("{}", DecisionLine.of("sync_declared").with("partition", state.partition())
                    .with("node", session.backup).with("offset", validFrom).with("checkpoint", session.checkpointId)
                    .with("rounds", session.round + 1).with("contexts", session.contextsSent)
                    .with("took_ms", now - session.startedAt));
            return;
        }
        long current = state.status().lastOffset();
        boolean reachesStash = session.coverFrom < 0 || current + 1 >= session.coverFrom;
        boolean keepAlive = now - session.roundSentAt >= settings.sessionTimeout().toMillis() / 2;
        if (current <= session.position || !reachesStash && !keepAlive) {
            // A round now would still end before the backup's stash begins: wait until this leader gets
            // there, but send one now and then all the same so that neither side gives the session up.
            session.waitingForProgress = true;
            return;
        }
        long since = session.position;
        List<String> removed = new ArrayList<>();
        for (String flowId : session.removedSince) {
            if (state.storedFlow(flowId) == null) {
                removed.add(flowId);
            }
        }
        removed.sort(null);
        log.info("{}'s stash is complete only from offset {}, after checkpoint position {}:"
                        + " re-checkpointing the flows changed since, at offset {}", session.backup,
                session.coverFrom, since, current);
        counters.recheckpointRounds.incrementAndGet();
        sendRound(session, session.round + 1, snapshot(lastOffset -> lastOffset > since), removed, now);
    }

    private void sendRound(LeaderSession session, int round, List<FlowContext> contexts, List<String> removed, long now) {
        long position = state.status().lastOffset();
        long digest = state.status().digest();
        List<ContextChunks.Chunk> chunks = ContextChunks.cut(contexts, removed, settings.checkpointChunkBytes());
        for (int i = 0; i < chunks.size(); i++) {
            ContextChunks.Chunk chunk = chunks.get(i);
            outbox.send(messages.checkpoint(session.backup, session.checkpointId, round, position, i, chunks.size(),
                    staticInfo, chunk.contexts(), chunk.removed(), digest));
        }
        counters.checkpointChunksSent.addAndGet(chunks.size());
        session.beginRound(round, position, digest, chunks.size(), contexts.size(), now);
        log.info("checkpoint {} round {} to {} at offset {}: {} contexts, {} removed flows, {} chunks",
                session.checkpointId, round, session.backup, position, contexts.size(), removed.size(),
                chunks.size());
    }

    /** The contexts of every stored flow whose last applied offset passes the filter. */
    private List<FlowContext> snapshot(LongPredicate lastOffsetFilter) {
        List<FlowContext> contexts = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = state.allFlows()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                StoredFlow flow = StoredFlow.decode(entry.value);
                if (lastOffsetFilter.test(flow.lastOffset())) {
                    contexts.add(flow.toContext(entry.key));
                }
            }
        }
        return contexts;
    }

    /**
     * Every probe interval: sends the next slice of this leader's contexts, in rotation, if the
     * ingress since the previous probe pays for it ({@link SyncSettings#probeIngressRatio()}): the
     * maintenance traffic stays a fixed small share of the ingress, and an idle partition sends none.
     */
    public void probe(long now) {
        if (!leads()) {
            return;
        }
        long totalBytes = 0;
        try (KeyValueIterator<String, byte[]> all = state.allFlows()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                totalBytes += entry.key.length() + entry.value.length + 8;
            }
        }
        int sliceCount = FlowSlices.countFor(totalBytes, settings.probeMaxBytes());
        if (totalBytes == 0 || ingressBytesSinceProbe * settings.probeIngressRatio() < (double) totalBytes / sliceCount) {
            return;
        }
        long position = state.status().lastOffset();
        int slice = (int) (probeSequence % sliceCount);
        List<FlowContext> contexts = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = state.allFlows()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                if (FlowSlices.sliceOf(entry.key, sliceCount) == slice) {
                    StoredFlow flow = StoredFlow.decode(entry.value);
                    contexts.add(flow.toContext(entry.key));
                }
            }
        }
        String probeId = nodeId + "-" + state.partition() + "-" + probeSequence;
        outbox.send(messages.probe(probeId, position, slice, sliceCount, contexts));
        probeSequence++;
        ingressBytesSinceProbe = 0;
        counters.probesSent.incrementAndGet();
        log.debug("probe {} at offset {}: slice {}/{} with {} contexts", probeId, position,
                slice, sliceCount, contexts.size());
    }
}
