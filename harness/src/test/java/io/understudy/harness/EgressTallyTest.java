package io.understudy.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.harness.traffic.ClientProtocol;
import io.understudy.harness.traffic.Delivery;
import io.understudy.harness.traffic.EgressVerifier;
import io.understudy.harness.traffic.OutgoingPacket;
import io.understudy.harness.traffic.SentLog;
import io.understudy.records.EgressRecord;
import io.understudy.records.LeaderChange;
import io.understudy.records.LeaderChangeReason;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's own counting must catch what it is there to catch. */
class EgressTallyTest {

    private static EgressRecord egress(String flow, long seq, int partition, long offset, String node, int epoch) {
        return EgressRecord.newBuilder()
                .setFlowId(flow)
                .setPayload(ByteBuffer.wrap(new PayloadStamp(flow, seq).toPayload(40)))
                .setDestination(null)
                .setIngressPartition(partition)
                .setIngressOffset(offset)
                .setIngressTimestamp(0)
                .setOutputIndex(0)
                .setOutputCount(1)
                .setNode(node)
                .setLeaderEpoch(epoch)
                .build();
    }

    private static EgressTally tallyWithLeaders() {
        EgressTally tally = new EgressTally();
        tally.leaderChange(new LeaderChange(0, 1, "a", null, LeaderChangeReason.INITIAL, "", -1L, 0L, null));
        tally.leaderChange(new LeaderChange(0, 2, "b", "a", LeaderChangeReason.LEADER_FAILED, "", 1L, 0L, null));
        for (long seq = 0; seq < 4; seq++) {
            tally.sent("f", seq);
        }
        return tally;
    }

    @Test
    void aCleanRunIsClean() {
        EgressTally tally = tallyWithLeaders();
        tally.egress(egress("f", 0, 0, 0, "a", 1));
        tally.egress(egress("f", 1, 0, 1, "a", 1));
        tally.egress(egress("f", 2, 0, 2, "b", 2));
        tally.egress(egress("f", 3, 0, 3, "b", 2));
        EgressTally.Result result = tally.result();
        assertEquals(new EgressTally.Result(4, 4, 0, 0, 0, 0, 0, 0), result);
        assertTrue(result.clean());
    }

    @Test
    void anInjectedLossIsReported() {
        EgressTally tally = tallyWithLeaders();
        tally.egress(egress("f", 0, 0, 0, "a", 1));
        tally.egress(egress("f", 2, 0, 2, "b", 2));
        tally.egress(egress("f", 3, 0, 3, "b", 2));
        EgressTally.Result result = tally.result();
        assertEquals(1, result.lost());
        assertFalse(result.clean());
    }

    @Test
    void anInjectedDuplicateIsReportedByPayloadAndByLineage() {
        EgressTally tally = tallyWithLeaders();
        tally.egress(egress("f", 0, 0, 0, "a", 1));
        tally.egress(egress("f", 1, 0, 1, "a", 1));
        tally.egress(egress("f", 1, 0, 1, "b", 2)); // the backup's copy of the same record
        tally.egress(egress("f", 2, 0, 2, "b", 2));
        tally.egress(egress("f", 3, 0, 3, "b", 2));
        EgressTally.Result result = tally.result();
        assertEquals(1, result.duplicated());
        assertEquals(0, result.lost());
        assertFalse(result.clean());
    }

    @Test
    void anEndpointsRetryCopyIsADuplicateLikeAnyOther() {
        EgressTally tally = tallyWithLeaders();
        tally.egress(egress("f", 0, 0, 0, "a", 1));
        tally.egress(egress("f", 1, 0, 1, "a", 1));
        tally.egress(egress("f", 1, 0, 2, "a", 1)); // a retry's second ingress record reaching egress: no exemption
        tally.egress(egress("f", 2, 0, 3, "b", 2));
        tally.egress(egress("f", 3, 0, 4, "b", 2));
        assertEquals(new EgressTally.Result(4, 5, 0, 1, 0, 0, 0, 0), tally.result());
        assertFalse(tally.result().clean());
    }

    @Test
    void reorderingAndAWrongLeaderAreReported() {
        EgressTally tally = tallyWithLeaders();
        tally.egress(egress("f", 0, 0, 0, "a", 1));
        tally.egress(egress("f", 2, 0, 2, "a", 1)); // a no longer leads epoch 2's records, but epoch 1 is a's
        tally.egress(egress("f", 1, 0, 1, "a", 2)); // out of order, and a is not epoch 2's leader
        tally.egress(egress("f", 3, 0, 3, "b", 2));
        EgressTally.Result result = tally.result();
        assertEquals(1, result.reordered());
        assertEquals(1, result.wrongLeader());
        assertFalse(result.clean());
    }

    // Each detector has two ways to see its fault; each of these cases trips exactly one of them,
    // so that deleting any one way turns exactly one test red.

    @Test
    void aSecondRecordForTheSameIngressOutputIsADuplicateByLineageAlone() {
        EgressTally tally = tallyWithLeaders();
        tally.egress(egress("f", 0, 0, 0, "a", 1));
        tally.egress(egress("f", 1, 0, 1, "a", 1));
        tally.egress(egress("f", 2, 0, 1, "a", 1)); // offset 1, output 0 again, with a payload never seen before
        tally.egress(egress("f", 3, 0, 3, "a", 1));
        assertEquals(new EgressTally.Result(4, 4, 0, 1, 0, 0, 0, 0), tally.result());
    }

    @Test
    void aPayloadSeenBeforeFromAnotherIngressRecordIsADuplicateByPayloadAlone() {
        EgressTally tally = tallyWithLeaders();
        tally.egress(egress("f", 0, 0, 0, "a", 1));
        tally.egress(egress("f", 1, 0, 1, "a", 1));
        tally.egress(egress("f", 1, 0, 2, "a", 1)); // its own ingress offset, the same payload
        tally.egress(egress("f", 2, 0, 3, "a", 1));
        tally.egress(egress("f", 3, 0, 4, "a", 1));
        assertEquals(new EgressTally.Result(4, 5, 0, 1, 0, 0, 0, 0), tally.result());
    }

    @Test
    void anEarlierIngressOffsetAfterALaterOneIsReorderedByOffsetAlone() {
        EgressTally tally = tallyWithLeaders();
        tally.sent("g", 0);
        tally.egress(egress("g", 0, 0, 1, "a", 1));
        tally.egress(egress("f", 0, 0, 0, "a", 1)); // f's first payload, but the partition went back from 1 to 0
        tally.egress(egress("f", 1, 0, 2, "a", 1));
        tally.egress(egress("f", 2, 0, 3, "a", 1));
        tally.egress(egress("f", 3, 0, 4, "a", 1));
        assertEquals(new EgressTally.Result(5, 5, 0, 0, 1, 0, 0, 0), tally.result());
    }

    @Test
    void anEarlierPayloadOfAFlowAfterALaterOneIsReorderedByPayloadAlone() {
        EgressTally tally = tallyWithLeaders();
        tally.egress(egress("f", 1, 0, 0, "a", 1));
        tally.egress(egress("f", 0, 0, 1, "a", 1)); // offsets go up, the flow's payloads go back
        tally.egress(egress("f", 2, 0, 2, "a", 1));
        tally.egress(egress("f", 3, 0, 3, "a", 1));
        assertEquals(new EgressTally.Result(4, 4, 0, 0, 1, 0, 0, 0), tally.result());
    }

    @Test
    void withAVerifierEveryPayloadIsCheckedAndTheFirstFiveMismatchesAreDescribed(@TempDir Path dir) {
        Path file = dir.resolve("sent.tsv");
        try (SentLog log = SentLog.create(file, "test")) {
            for (long seq = 0; seq < 8; seq++) {
                byte[] payload = new PayloadStamp("f", seq).toPayload(40);
                log.acknowledged(new OutgoingPacket("f", seq, payload, payload, "-", seq), Delivery.acknowledged(0, seq));
            }
        }
        EgressTally tally = tallyWithLeaders();
        for (long seq = 4; seq < 8; seq++) {
            tally.sent("f", seq);
        }
        tally.verifyWith(new EgressVerifier(ClientProtocol.PASSTHROUGH, SentLog.read(file), null));
        tally.egress(egress("f", 0, 0, 0, "a", 1)); // as sent
        tally.egress(EgressRecord.newBuilder(egress("f", 1, 0, 1, "a", 1)).setDestination("10.0.0.9").build());
        for (long seq = 2; seq < 8; seq++) {
            byte[] payload = new PayloadStamp("f", seq).toPayload(40);
            payload[39] = 'x'; // the stamp still says f#seq, the bytes differ
            tally.egress(EgressRecord.newBuilder(egress("f", seq, 0, seq, "a", 1)).setPayload(ByteBuffer.wrap(payload)).build());
        }
        EgressTally.Result result = tally.result();
        assertEquals(new EgressTally.Result(8, 8, 0, 0, 0, 0, 0, 7), result);
        assertFalse(result.clean(), "a mismatch alone makes a run unclean");
        assertEquals(List.of("partition 0 offset 1: PayloadStamp[flowId=f, seq=1]: unexpected destination 10.0.0.9",
                "partition 0 offset 2: PayloadStamp[flowId=f, seq=2]: payload differs from what the client sent",
                "partition 0 offset 3: PayloadStamp[flowId=f, seq=3]: payload differs from what the client sent",
                "partition 0 offset 4: PayloadStamp[flowId=f, seq=4]: payload differs from what the client sent",
                "partition 0 offset 5: PayloadStamp[flowId=f, seq=5]: payload differs from what the client sent"),
                tally.mismatchExamples());
    }

    @Test
    void egressNeverAcknowledgedIsUnexpected() {
        EgressTally tally = tallyWithLeaders();
        tally.egress(egress("g", 0, 1, 0, "a", 1));
        assertEquals(1, tally.result().unexpected());
    }
}
