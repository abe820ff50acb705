package io.understudy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.understudy.api.FunctionConfig;
import io.understudy.node.NodeReplay;
import io.understudy.records.EgressRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Copying and recomputing egress give the records the selector wrote, lineage included. */
class EgressReplayTest {

    private final AuditFixture fixture = new AuditFixture(20);

    @Test
    void recomputingFromIngressGivesTheSameRecordsAsTheEgressTopic() {
        List<EgressRecord> recomputed = EgressReplay.collect(sink -> EgressReplay.recompute(fixture.ingress, replay(),
                EpochTable.of(fixture.leadership), AuditRange.everything(), sink));
        assertEquals(fixture.egressRecords(), recomputed);
    }

    @Test
    void aRangeCopiesOrRecomputesOnlyItsOffsets() {
        AuditRange range = new AuditRange(6, 11, true);
        List<EgressRecord> copied = EgressReplay.collect(sink -> EgressReplay.copy(fixture.egress, range, sink));
        List<EgressRecord> recomputed = EgressReplay.collect(sink -> EgressReplay.recompute(fixture.ingress, replay(),
                EpochTable.of(fixture.leadership), range, sink));
        List<EgressRecord> expected = fixture.egressRecords().stream()
                .filter(r -> r.getIngressOffset() >= 6 && r.getIngressOffset() <= 11).toList();
        assertEquals(6, expected.size());
        assertEquals(expected, copied);
        assertEquals(expected, recomputed);
    }

    private ReferenceReplay replay() {
        return new ReferenceReplay(NodeReplay.of(ReferenceReplay.REPLAY_NODE,
                NodeReplay.function("passthrough", new FunctionConfig(Map.of())), 0, fixture.packets.deserializer(),
                AuditFixture.INGRESS));
    }
}
