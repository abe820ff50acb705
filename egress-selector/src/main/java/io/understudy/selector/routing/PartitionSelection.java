package io.understudy.selector.routing;

import io.understudy.observability.DecisionLine;
import io.understudy.records.EgressRecord;
import io.understudy.records.Emission;
import io.understudy.records.IneligibleNode;
import io.understudy.records.LeaderChange;
import io.understudy.records.LeaderChangeReason;
import io.understudy.records.NodeOutput;
import io.understudy.records.Resync;
import io.understudy.records.SelectorCommand;
import io.understudy.records.SelectorCommandKind;
import io.understudy.records.SelectorState;
import io.understudy.records.SyncMessage;
import io.understudy.selector.leadership.BackupElection;
import io.understudy.selector.leadership.Ineligibility;
import io.understudy.selector.leadership.PartitionLeadership;
import io.understudy.selector.leadership.SelectionPolicy;
import io.understudy.selector.status.StatusBoard;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The egress selection for one ingress partition: forwards the leader's outputs past the
 * watermark, keeps the others', and moves leadership when the leader fails, stalls or an operator
 * asks. Plain Java, no Kafka: the {@link ShardWorker} feeds it records and writes what it decides
 * (through a {@link SelectionSink}) in one transaction with its {@link #snapshot state}.
 *
 * <p>Rules (docs/design.md): a node's output for (p, o) is emitted only if the node leads p and
 * {@code o > w}; then {@code w = o}. Outputs of other nodes past {@code w} are kept. On a change of
 * leader the new leader's kept outputs past {@code w} are emitted at once, in offset order, so the
 * egress continues at exactly the next record. Offsets need not be contiguous. A backup whose
 * state digest differs from the leader's at the same offset is made ineligible and ordered to
 * resynchronize.
 *
 * <p>Time: every {@code now} is broker time from the heartbeats topic (see {@link
 * io.understudy.selector.liveness.LivenessView}). The leader is failed when its heartbeats are
 * older than the failure timeout, and stalled when the progress its own heartbeats report stood
 * still while an eligible backup reports more: never because this selector lagged behind. The
 * wall clock is read only for the status board and the informational {@code decidedAt}.
 */
public final class PartitionSelection {

    private static final Logger log = LoggerFactory.getLogger(PartitionSelection.class);
    private static final int RECENT_LEADER_DIGESTS = 65_536;
    private static final long NEVER = Long.MIN_VALUE;

    private final int partition;
    private final SelectionPolicy policy;
    private final BackupElection election;
    private final StatusBoard board;
    private final SelectionSink sink;
    private final LongSupplier wallClock;
    private final KeptOutputs kept = new KeptOutputs();
    /** Per node, the output-topic offset after the last one read (or where the previous owner left it). */
    private final Map<String, Long> nextPosition = new TreeMap<>();
    private long commandsPosition;
    private PartitionLeadership leadership;
    private boolean dirty;
    private long leaderReported = -1;
    private long leaderReportedSince = NEVER;
    private long lastAlarmLogAt = NEVER;
    /** Why the leader's latest output was held back, or null when its outputs flow. */
    private String leaderHeldBack;
    /** Digests of recently emitted leader outputs, to check backups that arrive after the watermark passed. */
    private final Map<Long, Long> recentLeaderDigests = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
            return size() > RECENT_LEADER_DIGESTS;
        }
    };

    /**
     * @param state the partition's state as its previous owner committed it, or null for a fresh partition
     */
    public PartitionSelection(int partition, SelectorState state, SelectionPolicy policy, BackupElection election,
                              StatusBoard board, SelectionSink sink, LongSupplier wallClock) {
        this.partition = partition;
        this.policy = policy;
        this.election = election;
        this.board = board;
        this.sink = sink;
        this.wallClock = wallClock;
        if (state != null) {
            this.leadership = leadershipOf(state);
            this.nextPosition.putAll(state.getResumePositions());
            this.commandsPosition = state.getCommandsPosition();
            board.leadership(leadership);
            log.info("partition {}: resumed with leader {} epoch {} watermark {} (state written by {})", partition,
                    leadership.leader(), leadership.epoch(), leadership.watermark(), state.getWrittenBy());
        }
    }

    public int partition() {
        return partition;
    }

    /** The partition's leadership, or null before the first leader was chosen. */
    public PartitionLeadership leadership() {
        return leadership;
    }

    // ---- outputs ------------------------------------------------------------------------------

    /**
     * One node output, read at {@code topicOffset} of the node's output topic partition.
     *
     * @param now broker time
     */
    public void onOutput(NodeOutput output, long topicOffset, long now) {
        String node = output.getNodeId();
        if (output.getIngressPartition() != partition) {
            log.warn("partition {}: output of node {} names ingress partition {}, ignored", partition, node,
                    output.getIngressPartition());
            nextPosition.put(node, topicOffset + 1);
            return;
        }
        long offset = output.getIngressOffset();
        board.outputReceived(node);
        nextPosition.put(node, topicOffset + 1);
        if (leadership == null && !initialize(now)) {
            kept.keep(output, topicOffset); // no leader yet: keep everyone's outputs
            return;
        }
        restoreIfResynchronized(node, output);
        if (node.equals(leadership.leader())) {
            if (offset > leadership.watermark()) {
                if (synchronizedPastWatermark(output)) {
                    leaderHeldBack = null;
                    emit(output);
                } else {
                    holdBack(output);
                }
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
        if (leadership.ineligible().containsKey(node)) {
            return;
        }
        if (kept.count(node) >= policy.maxKeptPerNode()) {
            // bounded memory: the backlog is dropped, and the node must synchronize again from a later offset
            String reason = "kept backlog over " + policy.maxKeptPerNode() + " outputs";
            markIneligible(node, reason, offset);
            orderResync(node, reason, offset);
            return;
        }
        kept.keep(output, topicOffset);
    }

    /**
     * Whether a leader output may be emitted: it says itself that its node is synchronized from at
     * or before watermark + 1, so that nothing between the watermark and it was missed. Judged on the
     * output, which is committed with the node's state, never on a heartbeat.
     */
    private boolean synchronizedPastWatermark(NodeOutput output) {
        return KeptOutputs.synced(output) && output.getSyncedFrom() <= leadership.watermark() + 1;
    }

    /**
     * Holds back a leader output that does not say it is synchronized past the watermark: egress
     * stalls at the watermark (never guesses) until the leader is replaced by an eligible backup at
     * the next check, or the alarm is raised.
     */
    private void holdBack(NodeOutput output) {
        String why = output.getNodeId() + "'s output for offset " + output.getIngressOffset() + " says "
                + output.getSyncState() + (output.getSyncedFrom() >= 0 ? " from " + output.getSyncedFrom() : "")
                + ", not synchronized from at or before " + (leadership.watermark() + 1);
        if (leaderHeldBack == null) {
            log.warn("{}", DecisionLine.of("hold_back").with("partition", partition).with("epoch", leadership.epoch())
                    .with("node", output.getNodeId()).with("offset", output.getIngressOffset())
                    .with("watermark", leadership.watermark()).with("reason", why));
        }
        leaderHeldBack = why;
    }

    /** Emits one leader output as egress records and moves the watermark to its offset. */
    private void emit(NodeOutput output) {
        long offset = output.getIngressOffset();
        List<Emission> emissions = output.getEmissions();
        for (int i = 0; i < emissions.size(); i++) {
            Emission emission = emissions.get(i);
            sink.egress(EgressRecord.newBuilder()
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
                    .build());
        }
        board.emitted(partition, emissions.size(), output.getDropReason(), wallClock.getAsLong());
        if (PoisonVerdict.isPoison(output.getDropReason())) {
            sink.deadLetter(output);
            log.warn("{}", DecisionLine.of("poison").with("partition", partition).with("offset", offset)
                    .with("node", output.getNodeId()).with("epoch", leadership.epoch()).with("flow", output.getFlowId())
                    .with("to", "dead-letter").with("reason", output.getDropReason()));
        }
        changed(leadership.withWatermark(offset));
        boolean synced = KeptOutputs.synced(output);
        if (synced) {
            recentLeaderDigests.put(offset, output.getStateDigest());
        }
        kept.dropUpTo(offset, (node, backup) -> {
            if (synced && KeptOutputs.synced(backup)) {
                compare(node, offset, backup.getStateDigest(), output.getStateDigest());
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
        sink.resync(SyncMessage.newBuilder()
                .setPartition(partition)
                .setSender(ShardWorker.SYNC_SENDER)
                .setRecipient(node)
                .setBody(new Resync(reason, offset))
                .build());
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
            changed(leadership.withEligible(node));
            log.info("{}", DecisionLine.of("eligible").with("partition", partition).with("node", node)
                    .with("offset", output.getSyncedFrom()).with("reason", "synchronized again after " + why.atOffset()));
        }
    }

    private void markIneligible(String node, String reason, long offset) {
        changed(leadership.withIneligible(node, new Ineligibility(reason, offset)));
        kept.clear(node);
        log.warn("{}", DecisionLine.of("ineligible").with("partition", partition).with("node", node)
                .with("offset", offset).with("reason", reason));
    }

    // ---- commands -----------------------------------------------------------------------------

    /**
     * An operator's command, read at {@code commandOffset} of the commands partition. A switchover
     * is answered on the leadership topic either way: SWITCHOVER when leadership moved,
     * SWITCHOVER_REFUSED (leader and epoch unchanged) with the reason when it did not.
     */
    public void onCommand(SelectorCommand command, long commandOffset, long now) {
        commandsPosition = commandOffset + 1;
        dirty = true;
        if (command.getKind() != SelectorCommandKind.SWITCHOVER || command.getPartition() != partition) {
            log.warn("partition {}: command {} ignored", partition, command);
            return;
        }
        String target = command.getTargetNode();
        if (leadership == null && !initialize(now)) {
            refuse(command, "no leader yet");
            return;
        }
        if (target.equals(leadership.leader())) {
            refuse(command, target + " already leads partition " + partition);
            return;
        }
        Optional<String> why = election.whyIneligible(target, leadership, now);
        if (why.isPresent()) {
            refuse(command, why.get());
            return;
        }
        changeLeader(target, LeaderChangeReason.SWITCHOVER, "planned switchover requested by "
                + command.getRequestedBy(), command.getRequestId());
    }

    private void refuse(SelectorCommand command, String why) {
        if (leadership != null) {
            forwardLeaderChange(leadership.leader(), LeaderChangeReason.SWITCHOVER_REFUSED, "switchover to "
                    + command.getTargetNode() + " refused: " + why, command.getRequestId());
        }
        log.warn("{}", DecisionLine.of("refusal").with("partition", partition)
                .with("epoch", leadership == null ? null : leadership.epoch())
                .with("from", leadership == null ? null : leadership.leader()).with("to", command.getTargetNode())
                .with("requested_by", command.getRequestedBy()).with("reason", why));
    }

    // ---- periodic check -----------------------------------------------------------------------

    /**
     * Detects a failed or stalled leader; run every check interval once the heartbeat listener has
     * caught up (never before: a node not heard from yet is not known to be dead).
     *
     * @param now broker time: the timestamp of the latest heartbeat read
     */
    public void check(long now) {
        if (leadership == null && !initialize(now)) {
            return;
        }
        String leader = leadership.leader();
        if (leadership.staticFingerprint().isEmpty() && !election.fingerprintOf(leader).isEmpty()) {
            changed(leadership.withStaticFingerprint(election.fingerprintOf(leader)));
        }
        if (leaderHeldBack != null) {
            failover(LeaderChangeReason.LEADER_FAILED, "leader not synchronized: " + leaderHeldBack, now);
            return;
        }
        if (!election.isAlive(leader, now)) {
            long silence = election.silenceOf(leader, now);
            failover(LeaderChangeReason.LEADER_FAILED,
                    silence < 0 ? "no heartbeat from " + leader + " since the selector started"
                            : "no heartbeat from " + leader + " for " + silence + " ms", now);
            return;
        }
        if (leadership.alarm()) {
            changed(leadership.withAlarm(false));
            forwardLeaderChange(null, LeaderChangeReason.LEADER_RETURNED, leader + " is heard from again", null);
            log.warn("{}", DecisionLine.of("leader_returned").with("partition", partition).with("epoch", leadership.epoch())
                    .with("node", leader).with("watermark", leadership.watermark())
                    .with("reason", LeaderChangeReason.LEADER_RETURNED));
            return;
        }
        checkStall(leader, now);
    }

    /**
     * The leader is stalled when the last offset its own heartbeats report on this partition stood
     * still for the stall timeout while an eligible backup reports at least {@code stallMinLead}
     * more. Judged on the nodes' progress only: a selector that lags behind the outputs never moves
     * leadership.
     */
    private void checkStall(String leader, long now) {
        long reported = election.reportedOffset(leader, partition);
        if (reported > leaderReported || leaderReportedSince == NEVER) {
            leaderReported = Math.max(leaderReported, reported);
            leaderReportedSince = now;
            return;
        }
        long stood = now - leaderReportedSince;
        if (stood < policy.stallTimeoutMs()) {
            return;
        }
        Optional<String> best = election.best(leadership, now);
        if (best.isEmpty()) {
            return;
        }
        long ahead = election.reportedOffset(best.get(), partition) - reported;
        if (ahead >= policy.stallMinLead()) {
            failover(LeaderChangeReason.LEADER_STALLED, leader + " reported no progress past offset " + reported
                    + " for " + stood + " ms while " + best.get() + " reports " + ahead + " offsets more", now);
        }
    }

    private void failover(LeaderChangeReason reason, String detail, long now) {
        Optional<String> best = election.best(leadership, now);
        if (best.isPresent()) {
            changeLeader(best.get(), reason, detail, null);
            return;
        }
        if (!leadership.alarm()) {
            changed(leadership.withAlarm(true));
            String explained = detail + "; no eligible backup: " + election.explainIneligible(leadership, now);
            forwardLeaderChange(null, LeaderChangeReason.NO_ELIGIBLE_BACKUP, explained, null);
            log.error("{}", DecisionLine.of("alarm").with("partition", partition).with("epoch", leadership.epoch())
                    .with("from", leadership.leader()).with("to", null).with("reason", LeaderChangeReason.NO_ELIGIBLE_BACKUP)
                    .with("cause", reason).with("watermark", leadership.watermark()).with("detail", explained));
        }
        if (lastAlarmLogAt == NEVER || now - lastAlarmLogAt >= 5_000) {
            lastAlarmLogAt = now;
            log.error("ALARM partition {}: leader {} is gone ({}) and no backup is eligible {}; egress waits at offset {}",
                    partition, leadership.leader(), detail, election.explainIneligible(leadership, now),
                    leadership.watermark());
        }
    }

    private void changeLeader(String newLeader, LeaderChangeReason reason, String detail, String requestId) {
        String previous = leadership.leader();
        changed(leadership.withNewLeader(newLeader));
        if (leadership.staticFingerprint().isEmpty()) {
            changed(leadership.withStaticFingerprint(election.fingerprintOf(newLeader)));
        }
        forwardLeaderChange(previous, reason, detail, requestId);
        log.warn("{}", DecisionLine.of("failover").with("partition", partition).with("epoch", leadership.epoch())
                .with("from", previous).with("to", newLeader).with("reason", reason)
                .with("watermark", leadership.watermark()).with("detail", detail));
        leaderReported = -1;
        leaderReportedSince = NEVER;
        leaderHeldBack = null;
        emitKept(newLeader);
    }

    /**
     * Sets up the partition's first leader: the initial primary once it is heard from, or without
     * one the most progressed synchronized node; false when none can be chosen yet.
     */
    private boolean initialize(long now) {
        String leader = policy.initialPrimary().orElse(null);
        if (leader == null) {
            leader = election.best(PartitionLeadership.initial(partition, "", ""), now).orElse(null);
        } else if (!election.isAlive(leader, now)) {
            return false;
        }
        if (leader == null) {
            return false;
        }
        changed(PartitionLeadership.initial(partition, leader, election.fingerprintOf(leader)));
        forwardLeaderChange(null, LeaderChangeReason.INITIAL, "initial primary", null);
        log.info("{}", DecisionLine.of("initial_leader").with("partition", partition).with("epoch", 1).with("to", leader)
                .with("reason", LeaderChangeReason.INITIAL));
        emitKept(leader);
        return true;
    }

    /**
     * Emits a new leader's kept outputs past the watermark, in offset order, as long as each says it
     * is synchronized past the watermark; the first that does not is held back, and the rest dropped.
     */
    private void emitKept(String leader) {
        for (NodeOutput output : kept.takeAll(leader)) {
            if (output.getIngressOffset() <= leadership.watermark()) {
                continue;
            }
            if (!synchronizedPastWatermark(output)) {
                holdBack(output);
                return;
            }
            emit(output);
        }
    }

    private void forwardLeaderChange(String previous, LeaderChangeReason reason, String detail, String requestId) {
        LeaderChange change = LeaderChange.newBuilder()
                .setPartition(partition)
                .setEpoch(leadership.epoch())
                .setLeader(leadership.leader())
                .setPreviousLeader(previous)
                .setReason(reason)
                .setDetail(detail)
                .setWatermark(leadership.watermark())
                .setDecidedAt(wallClock.getAsLong())
                .setRequestId(requestId)
                .build();
        sink.leaderChange(change);
        board.decided(change);
        dirty = true;
    }

    private void changed(PartitionLeadership next) {
        leadership = next;
        dirty = true;
        board.leadership(next);
    }

    // ---- state --------------------------------------------------------------------------------

    /** True when something changed since the last {@link #snapshot}: the state must be written. */
    public boolean dirty() {
        return dirty;
    }

    /**
     * Where a new owner must re-read a node's outputs: its oldest kept output, else after the last
     * one read.
     */
    public Map<String, Long> resumePositions() {
        Map<String, Long> positions = new TreeMap<>(nextPosition);
        for (String node : new ArrayList<>(positions.keySet())) {
            long oldest = kept.oldestTopicOffset(node);
            if (oldest >= 0) {
                positions.put(node, oldest);
            }
        }
        return positions;
    }

    /** Where to start reading the partition's commands. */
    public long commandsPosition() {
        return commandsPosition;
    }

    /**
     * The state to commit with this transaction's egress, or null before a leader was chosen (nothing
     * emitted, nothing to resume). Clears the dirty flag.
     */
    public SelectorState snapshot(String writtenBy) {
        dirty = false;
        if (leadership == null) {
            return null;
        }
        List<IneligibleNode> ineligible = new ArrayList<>();
        leadership.ineligible().forEach((node, why) -> ineligible.add(new IneligibleNode(node, why.reason(), why.atOffset())));
        return SelectorState.newBuilder()
                .setPartition(partition)
                .setLeader(leadership.leader())
                .setEpoch(leadership.epoch())
                .setWatermark(leadership.watermark())
                .setStaticFingerprint(leadership.staticFingerprint())
                .setAlarm(leadership.alarm())
                .setIneligible(ineligible)
                .setResumePositions(new LinkedHashMap<>(resumePositions()))
                .setCommandsPosition(commandsPosition)
                .setWrittenBy(writtenBy)
                .build();
    }

    private static PartitionLeadership leadershipOf(SelectorState state) {
        Map<String, Ineligibility> ineligible = new TreeMap<>();
        for (IneligibleNode node : state.getIneligible()) {
            ineligible.put(node.getNode(), new Ineligibility(node.getReason(), node.getAtOffset()));
        }
        return new PartitionLeadership(state.getPartition(), state.getLeader(), state.getEpoch(), state.getWatermark(),
                state.getStaticFingerprint(), ineligible, state.getAlarm());
    }
}
