package io.understudy.selector.routing;

import io.understudy.observability.DecisionLine;
import io.understudy.records.EgressRecord;
import io.understudy.records.Emission;
import io.understudy.records.LeaderChange;
import io.understudy.records.LeaderChangeReason;
import io.understudy.records.NodeOutput;
import io.understudy.records.Resync;
import io.understudy.records.SelectorCommand;
import io.understudy.records.SelectorCommandKind;
import io.understudy.records.SyncMessage;
import io.understudy.selector.leadership.BackupElection;
import io.understudy.selector.leadership.Ineligibility;
import io.understudy.selector.leadership.PartitionLeadership;
import io.understudy.selector.leadership.SelectionPolicy;
import io.understudy.selector.status.StatusBoard;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The egress selector for one ingress partition (one Kafka Streams task): forwards the leader's
 * outputs past the watermark, keeps the others', and moves leadership when the leader fails,
 * stalls or an operator asks.
 *
 * <p>Rules (docs/design.md): a node's output for (p, o) is emitted only if the node leads p and
 * {@code o > w}; then {@code w = o}. Outputs of other nodes past {@code w} are kept. On a change of
 * leader the new leader's kept outputs past {@code w} are emitted at once, in offset order, so the
 * egress continues at exactly the next record. Offsets need not be contiguous.
 *
 * <p>Every decision is written to the leadership topic in the same transaction as the egress it
 * governs; the watermark, leadership and kept outputs live in changelogged stores. A backup whose
 * state digest differs from the leader's at the same offset is made ineligible and ordered to
 * resynchronize (a {@code Resync} on the sync topic).
 */
public final class SelectionProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    private static final Logger log = LoggerFactory.getLogger(SelectionProcessor.class);
    private static final int RECENT_LEADER_DIGESTS = 65_536;
    private static final long NOT_STARTED = -1;

    private final SelectionPolicy policy;
    private final BackupElection election;
    private final Duration checkInterval;
    private final StatusBoard board;

    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<Integer, byte[]> leadershipStore;
    private KeptOutputs kept;
    private int partition;
    private PartitionLeadership leadership;
    private long startedAt;
    private long leaderProgressAt;
    private long lastAlarmLogAt;
    /** Digests of recently emitted leader outputs, to check backups that arrive after the watermark passed. */
    private final Map<Long, Long> recentLeaderDigests = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
            return size() > RECENT_LEADER_DIGESTS;
        }
    };
    private final Map<String, Long> lastOutputOffset = new HashMap<>();

    public SelectionProcessor(SelectionPolicy policy, BackupElection election, Duration checkInterval,
                              StatusBoard board) {
        this.board = board;
        this.policy = policy;
        this.election = election;
        this.checkInterval = checkInterval;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.partition = context.taskId().partition();
        this.leadershipStore = context.getStateStore(SelectorStores.LEADERSHIP);
        this.kept = new KeptOutputs(context.getStateStore(SelectorStores.KEPT_OUTPUTS));
        this.kept.load();
        byte[] stored = leadershipStore.get(partition);
        this.leadership = stored == null ? null : PartitionLeadership.decode(stored);
        // the stream thread's cached wall clock is not set yet during init (it reads 0): the start is
        // taken at the first check instead, else the start-up grace would be over at once
        this.startedAt = NOT_STARTED;
        context.schedule(checkInterval, PunctuationType.WALL_CLOCK_TIME, this::check);
        board.opened(partition);
        if (leadership != null) {
            board.leadership(leadership);
            log.info("partition {}: resumed with leader {} epoch {} watermark {}", partition, leadership.leader(),
                    leadership.epoch(), leadership.watermark());
        }
    }

    @Override
    public void close() {
        board.closed(partition);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        long now = context.currentSystemTimeMs();
        if (record.value() instanceof NodeOutput output) {
            onOutput(output, now);
        } else if (record.value() instanceof SelectorCommand command) {
            onCommand(command, now);
        }
    }

    // ---- outputs ------------------------------------------------------------------------------

    private void onOutput(NodeOutput output, long now) {
        if (output.getIngressPartition() != partition) {
            log.warn("partition {}: output of node {} names ingress partition {}, ignored", partition,
                    output.getNodeId(), output.getIngressPartition());
            return;
        }
        String node = output.getNodeId();
        long offset = output.getIngressOffset();
        board.outputReceived(node);
        lastOutputOffset.merge(node, offset, Math::max);
        if (leadership == null && !initialize(now)) {
            kept.keep(output); // no leader yet: keep everyone's outputs
            return;
        }
        restoreIfResynchronized(node, output);
        if (node.equals(leadership.leader())) {
            leaderProgressAt = now;
            if (offset > leadership.watermark()) {
                emit(output, now);
                persist();
            }
            return;
        }
        if (offset <= leadership.watermark()) {
            Long leaderDigest = recentLeaderDigests.get(offset);
            if (leaderDigest != null && KeptOutputs.synced(output)) {
                compare(node, offset, output.getStateDigest(), leaderDigest);
            }
            return;
        }
        if (leadership.ineligible().containsKey(node) || kept.count(node) >= policy.maxKeptPerNode()) {
            if (!leadership.ineligible().containsKey(node)) {
                markIneligible(node, "kept backlog over " + policy.maxKeptPerNode() + " outputs", offset);
            }
            return;
        }
        kept.keep(output);
    }

    /** Emits one leader output as egress records and moves the watermark to its offset. */
    private void emit(NodeOutput output, long now) {
        long offset = output.getIngressOffset();
        List<Emission> emissions = output.getEmissions();
        for (int i = 0; i < emissions.size(); i++) {
            Emission emission = emissions.get(i);
            EgressRecord egress = EgressRecord.newBuilder()
                    .setFlowId(output.getFlowId())
                    .setPayload(emission.getPayload())
                    .setDestination(emission.getDestination())
                    .setIngressPartition(partition)
                    .setIngressOffset(offset)
                    .setIngressTimestamp(output.getIngressTimestamp())
                    .setOutputIndex(i)
                    .setOutputCount(emissions.size())
                    .setNode(output.getNodeId())
                    .setLeaderEpoch(leadership.epoch())
                    .build();
            context.forward(new Record<>(output.getFlowId(), (SpecificRecord) egress, now), SelectorTopology.EGRESS_SINK);
        }
        board.emitted(partition, emissions.size(), output.getDropReason(), now);
        if (PoisonVerdict.isPoison(output.getDropReason())) {
            context.forward(new Record<>(output.getFlowId(), (SpecificRecord) output, now),
                    SelectorTopology.DEAD_LETTER_SINK);
            log.warn("{}", DecisionLine.of("poison").with("partition", partition).with("offset", offset)
                    .with("node", output.getNodeId()).with("epoch", leadership.epoch()).with("flow", output.getFlowId())
                    .with("to", "dead-letter").with("reason", output.getDropReason()));
        }
        leadership = leadership.withWatermark(offset);
        boolean synced = KeptOutputs.synced(output);
        if (synced) {
            recentLeaderDigests.put(offset, output.getStateDigest());
        }
        kept.dropUpTo(offset, (node, entry) -> {
            if (synced && entry.synced() && entry.offset() == offset) {
                compare(node, offset, entry.digest(), output.getStateDigest());
            }
        });
    }

    private void compare(String backup, long offset, long backupDigest, long leaderDigest) {
        if (backupDigest != leaderDigest && !leadership.ineligible().containsKey(backup)) {
            String reason = "digest mismatch with leader " + leadership.leader() + " at offset " + offset;
            markIneligible(backup, reason, offset);
            orderResync(backup, reason, offset);
        }
    }

    /**
     * Tells a node whose state diverged to drop it and synchronize again, in the same transaction
     * as the decision. It becomes eligible again once it is synchronized from after the mismatch.
     */
    private void orderResync(String node, String reason, long offset) {
        SyncMessage order = SyncMessage.newBuilder()
                .setPartition(partition)
                .setSender(SelectorTopology.SYNC_SENDER)
                .setRecipient(node)
                .setBody(new Resync(reason, offset))
                .build();
        context.forward(new Record<>(SelectorTopology.SYNC_SENDER, (SpecificRecord) order, context.currentSystemTimeMs()),
                SelectorTopology.SYNC_SINK);
        log.warn("{}", DecisionLine.of("resync").with("partition", partition).with("node", node).with("offset", offset)
                .with("reason", reason));
    }

    /**
     * A node made ineligible is eligible again with its first output that says it is synchronized
     * from after the offset that made it ineligible. Judged on the outputs, not on heartbeats: the
     * node's outputs arrive in order, so every output of the condemned synchronization still on its
     * way is ignored (never compared again, never kept), and every output of the new one is kept,
     * so none is missing if the node must take over.
     */
    private void restoreIfResynchronized(String node, NodeOutput output) {
        Ineligibility why = leadership.ineligible().get(node);
        if (why != null && KeptOutputs.synced(output) && output.getSyncedFrom() > why.atOffset()) {
            leadership = leadership.withEligible(node);
            persist();
            log.info("{}", DecisionLine.of("eligible").with("partition", partition).with("node", node)
                    .with("offset", output.getSyncedFrom()).with("reason", "synchronized again after " + why.atOffset()));
        }
    }

    private void markIneligible(String node, String reason, long offset) {
        leadership = leadership.withIneligible(node, new Ineligibility(reason, offset));
        kept.clear(node);
        persist();
        log.warn("{}", DecisionLine.of("ineligible").with("partition", partition).with("node", node)
                .with("offset", offset).with("reason", reason));
    }

    // ---- commands -----------------------------------------------------------------------------

    private void onCommand(SelectorCommand command, long now) {
        if (command.getKind() != SelectorCommandKind.SWITCHOVER || command.getPartition() != partition) {
            log.warn("partition {}: command {} ignored", partition, command);
            return;
        }
        if (leadership == null && !initialize(now)) {
            log.warn("{}", DecisionLine.of("refusal").with("partition", partition).with("to", command.getTargetNode())
                    .with("requested_by", command.getRequestedBy()).with("reason", "no leader yet"));
            return;
        }
        String target = command.getTargetNode();
        if (target.equals(leadership.leader())) {
            log.info("partition {}: switchover to {} asked by {}: already leader", partition, target,
                    command.getRequestedBy());
            return;
        }
        Optional<String> why = election.whyIneligible(target, leadership, now);
        if (why.isPresent()) {
            log.warn("{}", DecisionLine.of("refusal").with("partition", partition).with("epoch", leadership.epoch())
                    .with("from", leadership.leader()).with("to", target).with("requested_by", command.getRequestedBy())
                    .with("reason", why.get()));
            return;
        }
        changeLeader(target, LeaderChangeReason.SWITCHOVER, "planned switchover requested by "
                + command.getRequestedBy(), now);
    }

    // ---- periodic check -----------------------------------------------------------------------

    /** Runs every check interval (wall clock): detects a failed or stalled leader. */
    void check(long now) {
        markStarted(now);
        if (leadership == null && !initialize(now)) {
            return;
        }
        String leader = leadership.leader();
        if (leadership.staticFingerprint().isEmpty() && !election.fingerprintOf(leader).isEmpty()) {
            leadership = leadership.withStaticFingerprint(election.fingerprintOf(leader));
            persist();
        }
        if (!election.isAlive(leader, now, startedAt)) {
            long silence = election.silenceOf(leader, now);
            failover(LeaderChangeReason.LEADER_FAILED,
                    silence < 0 ? "no heartbeat from " + leader + " since the selector started"
                            : "no heartbeat from " + leader + " for " + silence + " ms", now);
            return;
        }
        if (leadership.alarm()) {
            leadership = leadership.withAlarm(false);
            forwardLeaderChange(null, LeaderChangeReason.LEADER_RETURNED, leader + " is heard from again", now);
            persist();
            log.warn("{}", DecisionLine.of("leader_returned").with("partition", partition).with("epoch", leadership.epoch())
                    .with("node", leader).with("watermark", leadership.watermark())
                    .with("reason", LeaderChangeReason.LEADER_RETURNED));
            return;
        }
        if (now - leaderProgressAt >= policy.stallTimeoutMs()) {
            Optional<String> best = election.best(leadership, now);
            if (best.isPresent() && kept.count(best.get()) >= policy.stallMinLead()) {
                failover(LeaderChangeReason.LEADER_STALLED, leader + " produced nothing for " + (now - leaderProgressAt)
                        + " ms while " + best.get() + " has " + kept.count(best.get()) + " outputs past the watermark", now);
            }
        }
    }

    private void failover(LeaderChangeReason reason, String detail, long now) {
        Optional<String> best = election.best(leadership, now);
        if (best.isPresent()) {
            changeLeader(best.get(), reason, detail, now);
            return;
        }
        if (!leadership.alarm()) {
            leadership = leadership.withAlarm(true);
            String explained = detail + "; no eligible backup: " + election.explainIneligible(leadership, now);
            forwardLeaderChange(null, LeaderChangeReason.NO_ELIGIBLE_BACKUP, explained, now);
            persist();
            log.error("{}", DecisionLine.of("alarm").with("partition", partition).with("epoch", leadership.epoch())
                    .with("from", leadership.leader()).with("to", null).with("reason", LeaderChangeReason.NO_ELIGIBLE_BACKUP)
                    .with("cause", reason).with("watermark", leadership.watermark()).with("detail", explained));
        }
        if (now - lastAlarmLogAt >= 5_000) {
            lastAlarmLogAt = now;
            log.error("ALARM partition {}: leader {} is gone ({}) and no backup is eligible {}; egress waits at offset {}",
                    partition, leadership.leader(), detail, election.explainIneligible(leadership, now),
                    leadership.watermark());
        }
    }

    private void changeLeader(String newLeader, LeaderChangeReason reason, String detail, long now) {
        String previous = leadership.leader();
        leadership = leadership.withNewLeader(newLeader);
        if (leadership.staticFingerprint().isEmpty()) {
            leadership = leadership.withStaticFingerprint(election.fingerprintOf(newLeader));
        }
        forwardLeaderChange(previous, reason, detail, now);
        log.warn("{}", DecisionLine.of("failover").with("partition", partition).with("epoch", leadership.epoch())
                .with("from", previous).with("to", newLeader).with("reason", reason)
                .with("watermark", leadership.watermark()).with("detail", detail));
        leaderProgressAt = now;
        for (NodeOutput output : kept.takeAll(newLeader)) {
            if (output.getIngressOffset() > leadership.watermark()) {
                emit(output, now);
            }
        }
        persist();
    }

    /**
     * Takes the first check's wall-clock reading as this task's start, for the start-up grace and the
     * stall timing (only the check reads them, so records need not pay for this).
     */
    private void markStarted(long now) {
        if (startedAt == NOT_STARTED) {
            startedAt = now;
            leaderProgressAt = now;
        }
    }

    /** Sets up the partition's first leader; false when none can be chosen yet. */
    private boolean initialize(long now) {
        String leader = policy.initialPrimary().orElse(null);
        if (leader == null) {
            PartitionLeadership probe = PartitionLeadership.initial(partition, "", "");
            leader = election.best(probe, now).orElse(null);
            if (leader == null) {
                return false;
            }
        }
        leadership = PartitionLeadership.initial(partition, leader, election.fingerprintOf(leader));
        forwardLeaderChange(null, LeaderChangeReason.INITIAL, "initial primary", now);
        leaderProgressAt = now;
        log.info("{}", DecisionLine.of("initial_leader").with("partition", partition).with("epoch", 1).with("to", leader)
                .with("reason", LeaderChangeReason.INITIAL));
        for (NodeOutput output : kept.takeAll(leader)) {
            emit(output, now);
        }
        persist();
        return true;
    }

    private void forwardLeaderChange(String previous, LeaderChangeReason reason, String detail, long now) {
        LeaderChange change = LeaderChange.newBuilder()
                .setPartition(partition)
                .setEpoch(leadership.epoch())
                .setLeader(leadership.leader())
                .setPreviousLeader(previous)
                .setReason(reason)
                .setDetail(detail)
                .setWatermark(leadership.watermark())
                .setDecidedAt(now)
                .build();
        context.forward(new Record<>(Integer.toString(partition), (SpecificRecord) change, now),
                SelectorTopology.LEADERSHIP_SINK);
        board.decided(change);
    }

    private void persist() {
        leadershipStore.put(partition, leadership.encode());
        board.leadership(leadership);
    }
}
