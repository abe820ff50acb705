package io.understudy.selector.internals.routing;

import io.understudy.observability.DecisionLine;
import io.understudy.records.EgressRecord;
import io.understudy.records.EmissionRecord;
import io.understudy.records.IneligibleNode;
import io.understudy.records.LeaderChange;
import io.understudy.records.LeaderChangeReason;
import io.understudy.records.NodeOutput;
import io.understudy.records.Resync;
import io.understudy.records.SelectorCommand;
import io.understudy.records.SelectorCommandKind;
import io.understudy.records.SelectorState;
import io.understudy.records.SyncMessage;
import io.understudy.selector.internals.leadership.BackupElection;
import io.understudy.selector.internals.leadership.Ineligibility;
import io.understudy.selector.internals.leadership.PartitionLeadership;
import io.understudy.selector.internals.leadership.SelectionPolicy;
import io.understudy.selector.internals.status.StatusBoard;
import java.util.ArrayDeque;
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
 * egress continues at exactly the next record. Offsets need not be contiguous.
 *
 * <p>Comparison (issue 17, finding 3): every synchronized node's output at an offset that was
 * emitted is compared with the emitted output's digest (state chained with emissions), the new
 * leader's own outputs up to the watermark it took over at included. A node whose output differs,
 * arrives more than {@code digest.window.offsets} behind the watermark ({@link DigestWindow}), or
 * cannot be compared at all is made ineligible and ordered to resynchronize: no output is trusted
 * uncompared. A new owner gets the digests its predecessor emitted by a look-up of the leader's
 * outputs ({@link DigestLookup}), read beside the worker's own reading by a {@link DigestReader}
 * so that egress never waits for it: from where the predecessor's state says the slowest node
 * still needed them ({@code digestsPosition}), and, for a node the predecessor had not heard from
 * (it started late, or replays its stash after a resynchronization), from the ingress timestamp of
 * that node's output. Until the digests are in, a node's outputs that wait for them are pending
 * and the node may not take over. Only an offset emitted before the leader's epoch, by another
 * leader, has no digest left anywhere and orders a resynchronization.
 *
 * <p>Time: every {@code now} is broker time from the heartbeats topic (see {@link
 * io.understudy.selector.internals.liveness.LivenessView}). The leader is failed when its heartbeats are
 * older than the failure timeout (those of the instance holding this partition, when the node runs
 * as several; see {@link BackupElection#whyFailed}), and stalled when the progress its own heartbeats report stood
 * still while an eligible backup reports more: never because this selector lagged behind. The
 * wall clock is read only for the status board and the informational {@code decidedAt}.
 */
public final class PartitionSelection {

    private static final Logger log = LoggerFactory.getLogger(PartitionSelection.class);
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
    /** Digests of the outputs emitted for the last {@code digest.window.offsets} offsets. */
    private final DigestWindow window;
    /** Per node, its outputs at or below the watermark that wait for the emitted digest (re-read by a new owner). */
    private final Map<String, ArrayDeque<Pending>> pending = new TreeMap<>();
    /** Per synchronized node, the ingress offset of the last output read from it. */
    private final Map<String, Long> lastRead = new TreeMap<>();
    /** The first offset emitted from the current leader's own outputs, or -1 when unknown. */
    private long epochStart = -1;
    /** The epoch in which the leader's uncompared outputs were last said, to say it once per epoch. */
    private int uncomparedEpoch = -1;
    /** Compares each kept output the watermark passed (one visitor, not a lambda allocated per emission). */
    private final KeptOutputs.OutputVisitor compareKept =
            (node, passed) -> compareWithEmitted(node, passed.output(), passed.topicOffset());

    /** Digests of the leader's outputs looked up for offsets this owner did not emit ({@link DigestLookup}). */
    private final DigestWindow lookedUp;
    /** The look-up of the leader's outputs this selection waits for, or null. */
    private DigestLookup lookup;

    /** A node's output at or below the watermark waiting for the emitted output's digest. */
    private record Pending(long offset, long digest, long topicOffset) {
    }

    /**
     * A request to re-read {@code node}'s outputs (the leader's, which were emitted for these offsets)
     * until the output for {@code upTo}, from {@code fromTopicOffset} when the predecessor's state
     * named it, else from the first output whose record timestamp is at least {@code
     * fromTimestamp}: a node's outputs record their ingress record's timestamp, so the output for
     * {@code fromOffset}, which has the same ingress record as the pending output that asked, is at
     * or after that position whatever the order of timestamps in between.
     *
     * @param node            whose outputs to re-read
     * @param fromOffset      the first ingress offset whose digest is wanted
     * @param fromTimestamp   the ingress timestamp of that offset's record ({@link Long#MAX_VALUE}: unknown)
     * @param upTo            the last offset wanted: the watermark, or just below the first digest held
     * @param fromTopicOffset where in the node's output topic partition to start, or -1: by timestamp
     */
    public record DigestLookup(String node, long fromOffset, long fromTimestamp, long upTo, long fromTopicOffset) {
    }

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
        this.window = new DigestWindow(policy.digestWindowOffsets());
        this.lookedUp = new DigestWindow(policy.digestWindowOffsets());
        if (state != null) {
            this.leadership = leadershipOf(state);
            this.nextPosition.putAll(state.getResumePositions());
            this.commandsPosition = state.getCommandsPosition();
            this.epochStart = state.getEpochStart();
            long digestsFrom = state.getDigestsFrom();
            if (digestsFrom >= 0 && digestsFrom <= leadership.watermark() && digestsFrom >= epochStart) {
                // the digests a node still needed are looked up in the leader's outputs; it emitted them,
                // the watermark's included, so the look-up reaches the watermark and ends there (a state
                // written before digestsPosition lowered the leader's resume position to it instead)
                long position = state.getDigestsPosition() >= 0 ? state.getDigestsPosition()
                        : nextPosition.getOrDefault(leadership.leader(), 0L);
                this.lookup = new DigestLookup(leadership.leader(), digestsFrom, Long.MAX_VALUE, leadership.watermark(),
                        position);
            }
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
        if (KeptOutputs.synced(output)) {
            lastRead.put(node, offset);
        } else {
            lastRead.remove(node); // a node not synchronized needs no digest to be compared with
        }
        if (offset <= leadership.watermark()) {
            // the leader's own included: a new leader that was behind is compared with what was emitted
            compareWithEmitted(node, output, topicOffset);
            return;
        }
        if (leadership.ineligible().containsKey(node)) {
            return; // a condemned leader's outputs wait for the failover at the next check
        }
        if (node.equals(leadership.leader())) {
            if (pending.containsKey(node)) {
                kept.keep(output, topicOffset); // emitted once its earlier outputs compared equal
            } else if (synchronizedPastWatermark(output)) {
                leaderHeldBack = null;
                emit(output, topicOffset);
            } else {
                holdBack(output);
            }
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
    private void emit(NodeOutput output, long topicOffset) {
        long offset = output.getIngressOffset();
        List<EmissionRecord> emissions = output.getEmissions();
        for (int i = 0; i < emissions.size(); i++) {
            EmissionRecord emission = emissions.get(i);
            // the constructor, not the builder: a builder per record copies defaults and allocates its flags
            sink.egress(new EgressRecord(output.getFlowId(), emission.getPayload(), emission.getDestination(),
                    partition, offset, output.getIngressTimestamp(), i, emissions.size(), output.getNodeId(),
                    leadership.epoch()));
        }
        board.emitted(partition, emissions.size(), output.getDropReason(), wallClock.getAsLong());
        if (PoisonVerdict.isPoison(output.getDropReason())) {
            sink.deadLetter(output);
            log.warn("{}", DecisionLine.of("poison").with("partition", partition).with("offset", offset)
                    .with("node", output.getNodeId()).with("epoch", leadership.epoch()).with("flow", output.getFlowId())
                    .with("to", "dead-letter").with("reason", output.getDropReason()));
        }
        changed(leadership.withWatermark(offset));
        window.add(offset, output.getStateDigest(), output.getNodeId(), topicOffset);
        slideWindow();
        kept.dropUpTo(offset, compareKept);
    }

    // ---- comparison ---------------------------------------------------------------------------

    /**
     * A node's output for an offset already emitted: compared with the emitted output's digest;
     * pending while a new owner is still re-reading that digest; and when it can never be compared
     * (beyond the window, or no digest for it), its node is made ineligible and ordered to
     * resynchronize rather than trusted uncompared.
     */
    private void compareWithEmitted(String node, NodeOutput output, long topicOffset) {
        if (!KeptOutputs.synced(output) || leadership.ineligible().containsKey(node)) {
            return; // not synchronized at that offset (its later outputs say so too), or already condemned
        }
        long offset = output.getIngressOffset();
        int emitted = window.indexOf(offset);
        if (emitted >= 0) {
            compare(node, offset, output.getStateDigest(), window.digestAtIndex(emitted));
        } else if (window.beyond(offset, leadership.watermark())) {
            beyondWindow(node, offset);
        } else if ((emitted = lookedUp.indexOf(offset)) >= 0) {
            compare(node, offset, output.getStateDigest(), lookedUp.digestAtIndex(emitted));
        } else if (lookUp(node, offset, output.getIngressTimestamp())) {
            pending.computeIfAbsent(node, n -> new ArrayDeque<>())
                    .addLast(new Pending(offset, output.getStateDigest(), topicOffset));
        } else {
            uncomparable(node, offset);
        }
    }

    /**
     * Asks for (or widens) the look-up of the leader's outputs that gives the emitted digest of
     * {@code offset}; false when none can: the node is the leader itself (its own catch-up outputs,
     * see {@link #leaderUncompared}), the offset was emitted before the leader's epoch by another
     * leader, or a look-up of a former leader is still under way.
     */
    private boolean lookUp(String node, long offset, long ingressTimestamp) {
        String leader = leadership.leader();
        if (node.equals(leader) || epochStart < 0 || offset < epochStart) {
            return false;
        }
        // up to the first digest held: this owner emitted (or re-read) every offset from there on
        long upTo = window.count() == 0 ? leadership.watermark()
                : Math.min(leadership.watermark(), Math.max(offset, window.oldest() - 1));
        if (lookup == null) {
            lookup = new DigestLookup(leader, offset, ingressTimestamp, upTo, -1);
        } else if (!lookup.node().equals(leader)) {
            return false;
        } else if (offset < lookup.fromOffset()) { // read again from further back, found by this output's timestamp
            lookup = new DigestLookup(leader, offset, ingressTimestamp, Math.max(upTo, lookup.upTo()), -1);
        } else if (offset > lookup.upTo()) { // read again over the wider range, from the same start
            lookup = new DigestLookup(leader, lookup.fromOffset(), lookup.fromTimestamp(), upTo, lookup.fromTopicOffset());
        }
        board.compared("looked_up");
        return true;
    }

    /** The look-up of the leader's outputs this selection waits for, or null. */
    public DigestLookup digestLookup() {
        return lookup;
    }

    /**
     * One output read by the {@link DigestReader} for the {@link #digestLookup() look-up}: its
     * digest is the one emitted for its offset. The look-up ends with the output for its last offset.
     */
    public void onLookedUp(NodeOutput output, long topicOffset) {
        if (lookup == null || !output.getNodeId().equals(lookup.node()) || output.getIngressPartition() != partition) {
            return;
        }
        long offset = output.getIngressOffset();
        if (offset >= lookup.fromOffset() && offset <= lookup.upTo() && KeptOutputs.synced(output)
                && !lookedUp.beyond(offset, leadership.watermark())) {
            lookedUp.add(offset, output.getStateDigest(), output.getNodeId(), topicOffset);
        }
        if (offset >= lookup.upTo()) {
            endLookup();
        }
    }

    /**
     * The reader reached the end of the leader's outputs without the look-up's last offset (they
     * were deleted, or never written): what still waits for it cannot be compared.
     */
    public void lookupExhausted() {
        if (lookup != null) {
            log.warn("partition {}: the look-up of {}'s outputs from offset {} to {} reached the end of its topic",
                    partition, lookup.node(), lookup.fromOffset(), lookup.upTo());
            endLookup();
        }
    }

    private void endLookup() {
        DigestLookup done = lookup;
        lookup = null;
        resolvePending(Long.MAX_VALUE);
    }

    /** Whether a pending output's offset still waits for the look-up under way. */
    private boolean awaitsLookup(long offset) {
        return lookup != null && offset >= lookup.fromOffset() && offset <= lookup.upTo();
    }

    private void compare(String node, long offset, long digest, long emittedDigest) {
        if (leadership.ineligible().containsKey(node)) {
            return;
        }
        if (digest == emittedDigest) {
            board.compared("equal");
            return;
        }
        board.compared("mismatch");
        condemn(node, node.equals(leadership.leader())
                ? "digest mismatch with the output emitted for offset " + offset
                : "digest mismatch with leader " + leadership.leader() + " at offset " + offset, offset);
    }

    private void beyondWindow(String node, long offset) {
        board.compared("beyond_window");
        String reason = "beyond the comparison window: its output for offset " + offset + " came "
                + (leadership.watermark() - offset) + " offsets behind the watermark " + leadership.watermark()
                + " (digest.window.offsets=" + window.size() + ")";
        if (node.equals(leadership.leader())) {
            leaderUncompared(offset, reason);
        } else {
            condemn(node, reason, offset);
        }
    }

    private void uncomparable(String node, long offset) {
        board.compared("uncomparable");
        String reason = "not compared: no digest of the output emitted for offset " + offset
                + " (emitted before this selector took the partition over, by another leader)";
        if (node.equals(leadership.leader())) {
            leaderUncompared(offset, reason);
        } else {
            condemn(node, reason, offset);
        }
    }

    /**
     * The one case left uncompared: the leader's own catch-up outputs at or below the watermark, when
     * no digest is left for them (a selector takeover while a new leader was still catching up to the
     * watermark it took over at). Nothing of them is emitted; condemning the leader would order the
     * partition's only synchronized node to drop its state, so it is said (once per epoch) and counted
     * instead, and the leader's outputs past the watermark pass.
     */
    private void leaderUncompared(long offset, String reason) {
        if (uncomparedEpoch != leadership.epoch()) {
            uncomparedEpoch = leadership.epoch();
            log.warn("{}", DecisionLine.of("uncompared").with("partition", partition).with("epoch", leadership.epoch())
                    .with("node", leadership.leader()).with("offset", offset).with("watermark", leadership.watermark())
                    .with("reason", "the leader's own output: " + reason));
        }
    }

    /**
     * A node whose output differs from, or cannot be compared with, what was emitted: ineligible and
     * ordered to resynchronize, in the same transaction. When it is the leader (it took over behind
     * the watermark), its outputs past the watermark are held back and it is replaced at the next
     * check, or the alarm raised.
     */
    private void condemn(String node, String reason, long offset) {
        if (leadership.ineligible().containsKey(node)) {
            return;
        }
        pending.remove(node);
        markIneligible(node, reason, offset);
        orderResync(node, reason, offset);
        if (node.equals(leadership.leader())) {
            leaderHeldBack = node + " diverged from what was emitted: " + reason;
            log.warn("{}", DecisionLine.of("hold_back").with("partition", partition).with("epoch", leadership.epoch())
                    .with("node", node).with("offset", offset).with("watermark", leadership.watermark())
                    .with("reason", reason));
        }
    }

    /**
     * Compares every pending output at or below {@code upTo}: with the digest now held, or, when the
     * re-read passed its offset without one, as uncomparable. A leader whose pending outputs all
     * compared equal emits the outputs it had meanwhile.
     */
    private void resolvePending(long upTo) {
        for (String node : new ArrayList<>(pending.keySet())) {
            ArrayDeque<Pending> waiting = pending.get(node);
            while (waiting != null && !waiting.isEmpty() && waiting.peekFirst().offset() <= upTo) {
                Pending p = waiting.peekFirst();
                if (window.has(p.offset())) {
                    compare(node, p.offset(), p.digest(), window.digestAt(p.offset()));
                } else if (lookedUp.has(p.offset())) {
                    compare(node, p.offset(), p.digest(), lookedUp.digestAt(p.offset()));
                } else if (awaitsLookup(p.offset())) {
                    break; // its digest is still to come
                } else {
                    uncomparable(node, p.offset());
                }
                waiting.pollFirst();
                waiting = pending.get(node); // a condemned node's pending outputs are gone
            }
            if (waiting != null && waiting.isEmpty()) {
                pending.remove(node);
                if (node.equals(leadership.leader()) && !leadership.ineligible().containsKey(node)) {
                    emitKept(node);
                }
            }
        }
    }

    /** Forgets the digests that fell out of the window; a pending output that did is beyond it. */
    private void slideWindow() {
        window.slide(leadership.watermark());
        lookedUp.slide(leadership.watermark());
        if (pending.isEmpty()) {
            return;
        }
        for (String node : new ArrayList<>(pending.keySet())) {
            ArrayDeque<Pending> waiting = pending.get(node);
            if (waiting != null && !waiting.isEmpty() && window.beyond(waiting.peekFirst().offset(), leadership.watermark())) {
                beyondWindow(node, waiting.peekFirst().offset()); // condemns a backup, and with it its pending outputs
                if (node.equals(leadership.leader()) && pending.remove(node) != null) {
                    emitKept(node);
                }
            }
        }
    }

    /**
     * The leadership as the election sees it: a node whose outputs still wait for the emitted
     * digests (a new owner re-reading them) may not take over until they compared equal.
     */
    private PartitionLeadership forElection() {
        PartitionLeadership view = leadership;
        for (Map.Entry<String, ArrayDeque<Pending>> waiting : pending.entrySet()) {
            if (!waiting.getValue().isEmpty() && !view.ineligible().containsKey(waiting.getKey())) {
                view = view.withIneligible(waiting.getKey(), new Ineligibility(waiting.getValue().size()
                        + " outputs up to offset " + waiting.getValue().peekLast().offset()
                        + " not yet compared with what was emitted", waiting.getValue().peekFirst().offset()));
            }
        }
        return view;
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
        pending.remove(node);
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
        Optional<String> why = election.whyIneligible(target, forElection(), now);
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
        Optional<String> failed = election.whyFailed(leader, partition, now);
        if (failed.isPresent()) {
            failover(LeaderChangeReason.LEADER_FAILED, failed.get(), now);
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
        Optional<String> best = election.best(forElection(), now);
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
        Optional<String> best = election.best(forElection(), now);
        if (best.isPresent()) {
            changeLeader(best.get(), reason, detail, null);
            return;
        }
        if (!leadership.alarm()) {
            changed(leadership.withAlarm(true));
            String explained = detail + "; no eligible backup: " + election.explainIneligible(forElection(), now);
            forwardLeaderChange(null, LeaderChangeReason.NO_ELIGIBLE_BACKUP, explained, null);
            log.error("{}", DecisionLine.of("alarm").with("partition", partition).with("epoch", leadership.epoch())
                    .with("from", leadership.leader()).with("to", null).with("reason", LeaderChangeReason.NO_ELIGIBLE_BACKUP)
                    .with("cause", reason).with("watermark", leadership.watermark()).with("detail", explained));
        }
        if (lastAlarmLogAt == NEVER || now - lastAlarmLogAt >= 5_000) {
            lastAlarmLogAt = now;
            log.error("ALARM partition {}: leader {} is gone ({}) and no backup is eligible {}; egress waits at offset {}",
                    partition, leadership.leader(), detail, election.explainIneligible(forElection(), now),
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
        epochStart = leadership.watermark() + 1;
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
        } else if (!election.holdsAlive(leader, partition, now)) {
            return false; // not heard from yet, or starting: it leads once an instance of it processes the partition
        }
        if (leader == null) {
            return false;
        }
        changed(PartitionLeadership.initial(partition, leader, election.fingerprintOf(leader)));
        epochStart = 0;
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
        for (KeptOutputs.Kept kept : kept.takeAll(leader)) {
            NodeOutput output = kept.output();
            if (output.getIngressOffset() <= leadership.watermark()) {
                continue;
            }
            if (!synchronizedPastWatermark(output)) {
                holdBack(output);
                return;
            }
            emit(output, kept.topicOffset());
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
     * Where a new owner must re-read a node's outputs: its oldest kept or pending output, else after
     * the last one read. (The leader's digests some node still needs are looked up beside that
     * reading, from the state's {@code digestsPosition}, not re-read in front of its new outputs.)
     */
    public Map<String, Long> resumePositions() {
        Map<String, Long> positions = new TreeMap<>(nextPosition);
        for (String node : new ArrayList<>(positions.keySet())) {
            long oldest = kept.oldestTopicOffset(node);
            if (oldest >= 0) {
                positions.put(node, oldest);
            }
            ArrayDeque<Pending> waiting = pending.get(node);
            if (waiting != null && !waiting.isEmpty()) {
                positions.put(node, Math.min(positions.get(node), waiting.peekFirst().topicOffset()));
            }
        }
        return positions;
    }

    /**
     * Where a new owner re-reads the leader to get the emitted digests some node still needs, and
     * the first offset that gives: {topic offset, ingress offset}, or null when none is needed (or the
     * leader's outputs hold none of them: those nodes' outputs will be uncomparable).
     */
    private long[] digestsToReread() {
        if (leadership == null) {
            return null;
        }
        String leader = leadership.leader();
        long[] reread = null;
        long needed = oldestNeededDigest();
        if (needed >= 0) {
            long from = Math.max(needed, epochStart);
            long topicOffset = window.topicOffsetFrom(leader, from);
            long offset = window.offsetFrom(leader, from);
            long lookedUpOffset = lookedUp.offsetFrom(leader, from);
            if (lookedUpOffset >= 0 && (offset < 0 || lookedUpOffset < offset)) { // a look-up got further back
                topicOffset = lookedUp.topicOffsetFrom(leader, from);
                offset = lookedUpOffset;
            }
            if (topicOffset >= 0) {
                reread = new long[] {topicOffset, offset};
            }
        }
        if (lookup != null && lookup.node().equals(leader) && lookup.fromTopicOffset() >= 0) { // still looking up
            reread = reread == null ? new long[] {lookup.fromTopicOffset(), lookup.fromOffset()}
                    : new long[] {Math.min(reread[0], lookup.fromTopicOffset()), Math.min(reread[1], lookup.fromOffset())};
        }
        return reread;
    }

    /**
     * The oldest emitted offset whose digest a node still needs (a node behind the watermark, or
     * with outputs pending), or -1 when none does: where a new owner must start re-reading the
     * leader to compare them.
     */
    private long oldestNeededDigest() {
        long needed = Long.MAX_VALUE;
        for (Map.Entry<String, Long> read : lastRead.entrySet()) {
            String node = read.getKey();
            if (leadership.ineligible().containsKey(node)) {
                continue;
            }
            ArrayDeque<Pending> waiting = pending.get(node);
            long next = waiting != null && !waiting.isEmpty() ? waiting.peekFirst().offset() : read.getValue() + 1;
            if (next <= leadership.watermark()) {
                needed = Math.min(needed, next);
            }
        }
        return needed == Long.MAX_VALUE ? -1 : Math.max(needed, leadership.watermark() - window.size() + 1);
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
        long[] reread = digestsToReread();
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
                .setEpochStart(epochStart)
                .setDigestsFrom(reread == null ? -1 : reread[1])
                .setDigestsPosition(reread == null ? -1 : reread[0])
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
