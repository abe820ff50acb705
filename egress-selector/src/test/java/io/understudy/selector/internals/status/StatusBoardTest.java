package io.understudy.selector.internals.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.understudy.records.Heartbeat;
import io.understudy.records.LeaderChange;
import io.understudy.records.LeaderChangeReason;
import io.understudy.records.PartitionProgress;
import io.understudy.records.StaticInfo;
import io.understudy.records.SyncState;
import io.understudy.selector.internals.leadership.Ineligibility;
import io.understudy.selector.internals.leadership.PartitionLeadership;
import io.understudy.selector.internals.liveness.LivenessView;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StatusBoardTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final StatusBoard board = new StatusBoard(registry, clock::get);
    private final LivenessView liveness = new LivenessView();

    @Test
    void aFailoverShowsInTheMetersTheReportAndTheDecisions() {
        board.opened(0);
        board.leadership(PartitionLeadership.initial(0, "a", "f"));
        board.decided(change(1, "a", null, LeaderChangeReason.INITIAL));
        board.emitted(0, 1, null, clock.get());
        clock.addAndGet(400);
        board.emitted(0, 2, null, clock.get());
        board.emitted(0, 0, "no connection: first packet is not SYN", clock.get());
        PartitionLeadership moved = PartitionLeadership.initial(0, "a", "f").withWatermark(41).withNewLeader("b")
                .withIneligible("c", new Ineligibility("digest mismatch with leader b at offset 40", 40));
        board.leadership(moved);
        board.decided(change(2, "b", "a", LeaderChangeReason.LEADER_FAILED));
        heartbeat("b", 50, SyncState.SYNCHRONIZED);
        heartbeat("c", 30, SyncState.UNSYNCED);
        clock.addAndGet(250);
        board.refreshGauges(liveness);

        assertEquals(1.0, registry.get("understudy.selector.failovers").tag("reason", "LEADER_FAILED").counter().count());
        assertEquals(0.0, registry.get("understudy.selector.failovers").tag("reason", "SWITCHOVER").counter().count());
        assertEquals(3.0, registry.get("understudy.selector.records.out").counter().count());
        assertEquals(1.0, registry.get("understudy.selector.dropped").tag("reason", "no_connection").counter().count());
        assertEquals(2.0, registry.get("understudy.selector.leader.epoch").tag("partition", "0").gauge().value());
        assertEquals(41.0, registry.get("understudy.selector.watermark").tag("partition", "0").gauge().value());
        assertEquals(1.0, registry.get("understudy.selector.leader").tags("partition", "0", "node", "b").gauge().value());
        assertTrue(registry.find("understudy.selector.leader").tags("node", "a").gauges().isEmpty(), "a leads no more");
        assertEquals(9.0, registry.get("understudy.selector.watermark.lag").tag("partition", "0").gauge().value());
        assertEquals(20.0, registry.get("understudy.selector.node.lag").tags("partition", "0", "node", "c").gauge().value());
        assertEquals(0.0, registry.get("understudy.selector.node.sync.state").tags("partition", "0", "node", "c").gauge().value());
        assertEquals(2.0, registry.get("understudy.selector.node.sync.state").tags("partition", "0", "node", "b").gauge().value());
        assertEquals(0.25, registry.get("understudy.selector.egress.idle").tag("partition", "0").gauge().value(), 1e-9);
        assertEquals(400.0, registry.get("understudy.selector.egress.gap").tag("partition", "0").timer()
                .max(TimeUnit.MILLISECONDS), 1e-9);

        Map<String, Object> report = StatusReport.of(board, liveness, "1", "owner of shards [0]",
                List.of(Map.of("instance", "1", "owned", List.of(0), "heartbeatAgeMs", 10L, "alive", true)), 300, clock.get());
        assertEquals("owner of shards [0]", ((Map<?, ?>) report.get("selector")).get("role"));
        @SuppressWarnings("unchecked")
        Map<String, Object> partition = ((List<Map<String, Object>>) report.get("partitions")).get(0);
        assertEquals("b", partition.get("leader"));
        assertEquals(2, partition.get("epoch"));
        assertEquals(41L, partition.get("watermark"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> replicas = (List<Map<String, Object>>) partition.get("nodes");
        assertEquals(List.of("b", "c"), replicas.stream().map(r -> r.get("node")).toList());
        assertEquals(false, replicas.get(1).get("eligible"));
        assertEquals(20L, replicas.get(1).get("lag"));
        List<Decision> decisions = board.decisions();
        assertEquals(List.of("LEADER_FAILED", "INITIAL"), decisions.stream().map(Decision::reason).toList());

        board.closed(0);
        assertTrue(board.leaderships().isEmpty(), "a partition that moved to another selector instance is not shown");
        assertFalse(board.egressRate(clock.get() + 1_000, 10).isEmpty());
    }

    @Test
    void theEgressRateCountsRecordsPerSecond() {
        EgressRate rate = new EgressRate();
        rate.add(10_000, 5);
        rate.add(10_900, 2);
        rate.add(12_100, 4);
        List<long[]> points = rate.lastSeconds(13_000, 4);
        assertEquals(List.of("9:0", "10:7", "11:0", "12:4"),
                points.stream().map(p -> p[0] + ":" + p[1]).toList());
        rate.add(10_000 + EgressRate.SECONDS * 1_000L, 1); // the same slot, a later second: starts from zero
        assertEquals(1, rate.lastSeconds(10_000 + EgressRate.SECONDS * 1_000L + 1_000, 1).get(0)[1]);
    }

    private static LeaderChange change(int epoch, String leader, String previous, LeaderChangeReason reason) {
        return LeaderChange.newBuilder().setPartition(0).setEpoch(epoch).setLeader(leader).setPreviousLeader(previous)
                .setReason(reason).setDetail("").setWatermark(41).setDecidedAt(1).build();
    }

    private void heartbeat(String node, long lastOffset, SyncState state) {
        liveness.recordArrival(Heartbeat.newBuilder().setNodeId(node).setIncarnation("i-" + node).setSentAt(0)
                .setStaticInfo(new StaticInfo("passthrough", "1", "h", 1, Map.of()))
                .setPartitions(List.of(new PartitionProgress(0, lastOffset, state, 0L, null))).build(), clock.get());
        liveness.settle(clock.get());
    }
}
