package io.understudy.selector;

import io.understudy.records.EgressRecord;
import io.understudy.records.EmissionRecord;
import io.understudy.records.Heartbeat;
import io.understudy.records.LeaderChange;
import io.understudy.records.NodeOutput;
import io.understudy.records.PartitionProgress;
import io.understudy.records.SelectorCommand;
import io.understudy.records.SelectorCommandKind;
import io.understudy.records.SelectorState;
import io.understudy.records.StaticInfo;
import io.understudy.records.SyncMessage;
import io.understudy.records.SyncState;
import io.understudy.selector.internals.leadership.BackupElection;
import io.understudy.selector.internals.leadership.SelectionPolicy;
import io.understudy.selector.internals.liveness.LivenessView;
import io.understudy.selector.internals.routing.PartitionSelection;
import io.understudy.selector.internals.routing.SelectionSink;
import io.understudy.selector.internals.status.StatusBoard;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Drives the selection of ingress partition 0 record by record, with a controllable broker clock,
 * hand-fed heartbeats, and every decision collected in lists. A check runs at each {@link #advance},
 * as the shard worker runs one every check interval.
 */
final class SelectorHarness implements AutoCloseable {

    static final long START = 1_000_000L;
    static final SelectionPolicy POLICY = new SelectionPolicy(java.util.Optional.of("a"), 300, 1_000, 1, 1_000_000);

    final LivenessView liveness = new LivenessView();
    final List<NodeOutput> deadLetters = new ArrayList<>();
    final List<EgressRecord> emitted = new ArrayList<>();
    final List<LeaderChange> changes = new ArrayList<>();
    final List<SyncMessage> resyncOrders = new ArrayList<>();
    final SelectionPolicy policy;
    /** Each node's output topic partition, as written so far (a new owner re-reads from it). */
    private final Map<String, List<NodeOutput>> topics = new HashMap<>();
    private long commandOffset;
    PartitionSelection selection;
    /** The current selection's status board (a new owner gets a board of its own), and the meters it writes. */
    StatusBoard board;
    SimpleMeterRegistry registry;
    private long now = START;

    SelectorHarness(SelectionPolicy policy) {
        this(policy, null);
    }

    /** A selection resumed from the state a previous owner committed (a new owner, with a fresh view of the nodes). */
    SelectorHarness(SelectionPolicy policy, SelectorState state) {
        this.policy = policy;
        this.selection = newSelection(state);
    }

    SelectorHarness() {
        this(POLICY);
    }

    private PartitionSelection newSelection(SelectorState state) {
        SelectionSink sink = new SelectionSink() {
            @Override
            public void egress(EgressRecord record) {
                emitted.add(record);
            }

            @Override
            public void leaderChange(LeaderChange change) {
                changes.add(change);
            }

            @Override
            public void resync(SyncMessage order) {
                resyncOrders.add(order);
            }

            @Override
            public void deadLetter(NodeOutput verdict) {
                deadLetters.add(verdict);
            }
        };
        registry = new SimpleMeterRegistry();
        board = new StatusBoard(registry);
        board.opened(0);
        return new PartitionSelection(0, state, policy, new BackupElection(policy, liveness), board, sink, () -> now);
    }

    /** The count of a counter the board wrote (0 when it was never written), e.g. comparisons by outcome. */
    double counted(String meter, String... tags) {
        Counter counter = registry.find(meter).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    /** How many node outputs the board counted as compared with this outcome (equal, mismatch, ...). */
    double comparisons(String outcome) {
        return counted("understudy.selector.comparisons", "outcome", outcome);
    }

    /**
     * A new owner takes the partition over from the state committed now: the selection is rebuilt
     * from its snapshot, as a standby does at a takeover (kept outputs are not carried: they are re-read).
     */
    SelectorState takeOver() {
        SelectorState state = selection.snapshot("test-owner");
        selection = newSelection(state);
        return state;
    }

    long now() {
        return now;
    }

    /** Moves the broker clock and runs a check. */
    void advance(long millis) {
        now += millis;
        selection.check(now);
    }
    /**
     * 400 ms of broker time in 20 ms steps, checked at each, in which only {@code node} sends
     * heartbeats (SYNCHRONIZED from {@code syncedFrom}, at {@code lastOffset}): every other node is
     * judged failed well past the 300 ms failure timeout, so a leader that falls silent is failed
     * over to it.
     */
    void onlyHeartbeating(String node, long lastOffset, long syncedFrom) {
        for (int i = 0; i < 20; i++) {
            advance(20);
            heartbeat(node, lastOffset, SyncState.SYNCHRONIZED, syncedFrom);
        }
    }

    /** A heartbeat from a node arriving now. */
    void heartbeat(String node, long lastOffset, SyncState state, long syncedFrom) {
        heartbeat(node, lastOffset, state, syncedFrom, "cfg");
    }

    void heartbeat(String node, long lastOffset, SyncState state, long syncedFrom, String configHash) {
        Heartbeat heartbeat = Heartbeat.newBuilder()
                .setNodeId(node)
                .setIncarnation("i-" + node)
                .setSentAt(now)
                .setStaticInfo(new StaticInfo("passthrough", "1", configHash, 1, Map.of()))
                .setPartitions(List.of(new PartitionProgress(0, lastOffset, state, syncedFrom, null)))
                .build();
        liveness.recordArrival(heartbeat, now);
        liveness.settle(now); // the harness reads every heartbeat as it is sent: each arrival is a settled step
    }

    /**
     * A heartbeat from one instance of a node, arriving now: it lists partition 0 (synchronized
     * from 0, at {@code lastOffset}) when the instance holds it, and partition 1 in any case (a
     * partition of its own, which this selection of partition 0 does not judge).
     */
    void instanceHeartbeat(String node, String instance, boolean holdsPartition0, long lastOffset) {
        List<PartitionProgress> partitions = new ArrayList<>();
        if (holdsPartition0) {
            partitions.add(new PartitionProgress(0, lastOffset, SyncState.SYNCHRONIZED, 0L, null));
        }
        partitions.add(new PartitionProgress(1, 0L, SyncState.SYNCHRONIZED, 0L, null));
        liveness.recordArrival(Heartbeat.newBuilder()
                .setNodeId(node)
                .setInstanceId(instance)
                .setIncarnation("i-" + instance)
                .setSentAt(now)
                .setStaticInfo(new StaticInfo("passthrough", "1", "cfg", 1, Map.of()))
                .setPartitions(partitions)
                .build(), now);
        liveness.settle(now); // as heartbeat(): each arrival is a settled step
    }

    /** Heartbeats from every given node, synchronized from 0, arriving now. */
    void alive(String... nodes) {
        for (String node : nodes) {
            heartbeat(node, 0, SyncState.SYNCHRONIZED, 0);
        }
    }

    /** A node's output for an ingress offset: one payload "o<offset>", digest = offset unless given. */
    void output(String node, long offset) {
        output(node, offset, offset, SyncState.SYNCHRONIZED, 0, 1);
    }

    void output(String node, long offset, long digest, SyncState state, long syncedFrom, int payloads) {
        output(node, offset, digest, state, syncedFrom, payloads, null);
    }

    /** A node's drop verdict for an ingress offset. */
    void drop(String node, long offset, String reason) {
        output(node, offset, offset, SyncState.SYNCHRONIZED, 0, 0, reason);
    }

    void output(String node, long offset, long digest, SyncState state, long syncedFrom, int payloads, String dropReason) {
        List<EmissionRecord> emissions = new ArrayList<>();
        for (int i = 0; i < payloads; i++) {
            emissions.add(new EmissionRecord(ByteBuffer.wrap(("o" + offset + "." + i).getBytes(StandardCharsets.UTF_8)), null));
        }
        NodeOutput output = NodeOutput.newBuilder()
                .setNodeId(node)
                .setIngressPartition(0)
                .setIngressOffset(offset)
                .setIngressTimestamp(offset)
                .setFlowId("f" + (offset % 7))
                .setEmissions(emissions)
                .setDropReason(dropReason)
                .setSyncState(state)
                .setSyncedFrom(syncedFrom)
                .setStateDigest(digest)
                .build();
        List<NodeOutput> topic = topics.computeIfAbsent(node, n -> new ArrayList<>());
        topic.add(output);
        selection.onOutput(output, topic.size() - 1, now);
    }

    /**
     * A node's output written to its topic but not read by the selector yet (it is read later, by
     * {@link #reread}, as after a takeover).
     */
    void written(String node, long offset, long digest) {
        topics.computeIfAbsent(node, n -> new ArrayList<>()).add(NodeOutput.newBuilder()
                .setNodeId(node).setIngressPartition(0).setIngressOffset(offset).setIngressTimestamp(offset)
                .setFlowId("f" + (offset % 7)).setEmissions(List.of(new EmissionRecord(
                        ByteBuffer.wrap(("o" + offset + ".0").getBytes(StandardCharsets.UTF_8)), null)))
                .setDropReason(null).setSyncState(SyncState.SYNCHRONIZED).setSyncedFrom(0).setStateDigest(digest)
                .build());
    }

    /**
     * Feeds a node's outputs from its topic, from {@code fromTopicOffset} to the end, as a new owner
     * reads them after seeking to the resume position its state names; returns how many were fed.
     */
    int reread(String node, long fromTopicOffset) {
        List<NodeOutput> topic = topics.getOrDefault(node, List.of());
        for (int i = (int) fromTopicOffset; i < topic.size(); i++) {
            selection.onOutput(topic.get(i), i, now);
        }
        return topic.size() - (int) fromTopicOffset;
    }

    /**
     * Serves the selection's digest look-up as the shard's {@code DigestReader} does: feeds the
     * looked-up node's outputs from the topic offset it names, else from the first whose ingress
     * timestamp (its record timestamp) is at least the look-up's, until the look-up ends, or says the topic's end was reached; returns how
     * many outputs were fed, or -1 when no look-up was asked for.
     */
    int lookUp() {
        PartitionSelection.DigestLookup lookup = selection.digestLookup();
        if (lookup == null) {
            return -1;
        }
        List<NodeOutput> topic = topics.getOrDefault(lookup.node(), List.of());
        int fed = 0;
        int i = 0;
        if (lookup.fromTopicOffset() >= 0) {
            i = (int) lookup.fromTopicOffset();
        } else {
            while (i < topic.size() && topic.get(i).getIngressTimestamp() < lookup.fromTimestamp()) {
                i++;
            }
        }
        for (; i < topic.size() && selection.digestLookup() == lookup; i++) {
            selection.onLookedUp(topic.get(i), i);
            fed++;
        }
        if (selection.digestLookup() == lookup) {
            selection.lookupExhausted();
        }
        return fed;
    }

    void switchover(String target) {
        selection.onCommand(new SelectorCommand(SelectorCommandKind.SWITCHOVER, 0, target, "test", now, "req-" + now),
                commandOffset++, now);
    }

    /** The ingress offsets of the egress so far, in egress order. */
    List<Long> egressOffsets() {
        return emitted.stream().map(EgressRecord::getIngressOffset).toList();
    }

    @Override
    public void close() {
    }
}
