package io.understudy.node.internals.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.understudy.node.internals.heartbeat.ProgressBoard;
import io.understudy.node.internals.leadership.LeaderLookup;
import io.understudy.node.internals.state.PartitionStatus;
import io.understudy.observability.DropCounters;
import io.understudy.records.NodeOutput;
import io.understudy.records.SyncState;

/**
 * The node's meters. Counters are updated by the stream threads; the per-partition gauges read
 * the {@link ProgressBoard} and the leadership follower when scraped.
 *
 * <p>{@code understudy_node_sync_state{partition}}: 0 UNSYNCED, 1 RECEIVING, 2 SYNCHRONIZED,
 * 3 REFUSED (the {@link SyncState} ordinal), -1 while the partition is not assigned to this node.
 */
public final class NodeMeters {

    private final Counter recordsIn;
    private final Counter recordsOut;
    private final Counter emissionsOut;
    private final DropCounters drops;
    private final MeterRegistry registry;

    public NodeMeters(MeterRegistry registry) {
        this.registry = registry;
        this.recordsIn = Counter.builder("understudy.node.records.in")
                .description("Ingress records this node read (processed, or stashed while unsynced)").register(registry);
        this.recordsOut = Counter.builder("understudy.node.records.out")
                .description("Outputs written to this node's output topic (one per processed ingress record)")
                .register(registry);
        this.emissionsOut = Counter.builder("understudy.node.emissions.out")
                .description("Egress payloads carried by those outputs").register(registry);
        this.drops = new DropCounters(registry, "understudy.node.dropped",
                "Ingress records the traffic function dropped, by reason");
    }

    /** Per-partition gauges for partitions 0..partitions-1. */
    public void watch(String nodeId, int partitions, ProgressBoard board, LeaderLookup leaders) {
        for (int p = 0; p < partitions; p++) {
            int partition = p;
            Gauge.builder("understudy.node.sync.state", () -> {
                        PartitionStatus status = board.status(partition);
                        return status == null ? -1 : status.syncState().ordinal();
                    })
                    .description("Sync state on the partition: 0 UNSYNCED, 1 RECEIVING, 2 SYNCHRONIZED, 3 REFUSED,"
                            + " -1 not assigned here")
                    .tag("partition", Integer.toString(partition)).register(registry);
            Gauge.builder("understudy.node.last.offset", () -> {
                        PartitionStatus status = board.status(partition);
                        return status == null ? -1 : status.lastOffset();
                    })
                    .description("Last ingress offset processed on the partition (-1: none, or not assigned here)")
                    .tag("partition", Integer.toString(partition)).register(registry);
            Gauge.builder("understudy.node.leader", () -> leaders.leaderOf(partition).filter(nodeId::equals).isPresent() ? 1 : 0)
                    .description("1 while the leadership topic names this node leader of the partition, else 0")
                    .tag("partition", Integer.toString(partition)).register(registry);
        }
    }

    public void ingress() {
        recordsIn.increment();
    }

    public void output(NodeOutput output) {
        recordsOut.increment();
        if (!output.getEmissions().isEmpty()) {
            emissionsOut.increment(output.getEmissions().size());
        }
        if (output.getDropReason() != null) {
            drops.count(output.getDropReason());
        }
    }

    /**
     * Counts a sync message ignored because it claims a sender other than the one its topic
     * belongs to (a node speaking for another, or a resync order that is not the selector's).
     */
    public void impersonationIgnored(String topic) {
        Counter.builder("understudy.node.sync.impersonations")
                .description("Sync messages ignored because they claim a sender other than the writer of their topic")
                .tag("topic", topic).register(registry).increment();
    }

    /** Counts a change of sync state on a partition. */
    public void syncStateChanged(SyncState to) {
        Counter.builder("understudy.node.sync.transitions").description("Changes of sync state, by the state entered")
                .tag("to", to.name()).register(registry).increment();
    }
}
