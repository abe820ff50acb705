package io.understudy.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.understudy.records.EgressRecord;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The gap a fault caused must be measured in full, however late egress resumes. */
class EgressClockTest {

    private static EgressRecord record() {
        return EgressRecord.newBuilder()
                .setFlowId("f")
                .setPayload(ByteBuffer.wrap(new byte[1]))
                .setDestination(null)
                .setIngressPartition(0)
                .setIngressOffset(0)
                .setIngressTimestamp(0)
                .setOutputIndex(0)
                .setOutputCount(1)
                .setNode("a")
                .setLeaderEpoch(1)
                .build();
    }

    @Test
    void aPauseThatOutlastsTheWindowCountsInFull() {
        EgressClock clock = new EgressClock();
        for (long at : new long[] {1_000, 1_100, 1_200, 30_000, 30_100}) {
            clock.accept(record(), at);
        }
        // the fault at 1,150, the traffic stopped at 10,000: egress resumed only at 30,000
        assertEquals(28_800, clock.maxGapFrom(1_150, 10_000));
        // the window cuts a pause off where it ends: what maxGapFrom is for
        assertEquals(java.util.List.of(100L), clock.gapsAround(java.util.List.of(1_150L), 10_000 - 1_150));
        // a pause that ended before the fault does not count
        assertEquals(100, clock.maxGapFrom(30_050, 40_000));
    }

    @Test
    void eachKillGetsTheLongestGapThatSpansOrFollowsItWithinItsWindow() {
        EgressClock clock = new EgressClock();
        for (long at : new long[] {1_000, 1_100, 1_500, 1_600, 9_000, 9_050, 12_000, 12_100}) {
            clock.accept(record(), at);
        }
        // kill at 1,200: the 400 ms pause spans it; kill at 8,000: the pause from 1,600 to 9,000
        // spans it in full; kill at 9,060: only what follows within 5 s (nothing at 12,000 counts)
        assertEquals(java.util.List.of(400L, 7_400L, 0L), clock.gapsAround(java.util.List.of(1_200L, 8_000L, 9_060L), 2_000));
    }
}
