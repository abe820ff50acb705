package io.understudy.bench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The harness's own counting: a stream with an injected duplicate, loss or swap is reported as such. */
class EgressCounterTest {

    private static final long MS = 1_000_000L;

    /** Acknowledges seq 0..n-1 of flow f0 and returns the counter. */
    private static EgressCounter ackedFlow(int n) {
        EgressCounter counter = new EgressCounter();
        for (int seq = 0; seq < n; seq++) {
            counter.acked("f0", seq);
        }
        return counter;
    }

    private static byte[] payload(long seq) {
        return new BenchStamp("f0", seq, 1, 0).toPayload(64);
    }

    @Test
    void aCleanStreamCountsClean() {
        EgressCounter counter = ackedFlow(10);
        for (int seq = 0; seq < 10; seq++) {
            counter.egress(0, payload(seq), "a", seq * MS);
        }
        EgressCounter.Counts counts = counter.counts();
        assertEquals(new EgressCounter.Counts(10, 10, 0, 0, 0, 0), counts);
        assertTrue(counts.clean());
    }

    @Test
    void anInjectedDuplicateIsReported() {
        EgressCounter counter = ackedFlow(10);
        for (int seq = 0; seq < 10; seq++) {
            counter.egress(0, payload(seq), "a", seq * MS);
            if (seq == 4) {
                counter.egress(0, payload(seq), "b", seq * MS); // the backup's copy slips through
            }
        }
        EgressCounter.Counts counts = counter.counts();
        assertEquals(1, counts.duplicated());
        assertEquals(0, counts.lost());
        assertEquals(11, counts.egress());
        assertFalse(counts.clean());
    }

    @Test
    void anInjectedLossIsReported() {
        EgressCounter counter = ackedFlow(10);
        for (int seq = 0; seq < 10; seq++) {
            if (seq != 7) {
                counter.egress(0, payload(seq), "a", seq * MS);
            }
        }
        EgressCounter.Counts counts = counter.counts();
        assertEquals(1, counts.lost());
        assertEquals(0, counts.duplicated());
        assertEquals(0, counts.reordered());
        assertFalse(counts.clean());
    }

    @Test
    void anInjectedSwapIsReportedAsReordered() {
        EgressCounter counter = ackedFlow(4);
        for (int seq : new int[] {0, 2, 1, 3}) {
            counter.egress(0, payload(seq), "a", seq * MS);
        }
        EgressCounter.Counts counts = counter.counts();
        assertEquals(1, counts.reordered());
        assertEquals(0, counts.lost());
        assertEquals(0, counts.duplicated());
    }

    @Test
    void egressThatWasNeverAcknowledgedOrCarriesNoStampIsUnexpected() {
        EgressCounter counter = ackedFlow(2);
        counter.egress(0, payload(0), "a", 0);
        counter.egress(0, payload(1), "a", MS);
        counter.egress(0, payload(2), "a", 2 * MS); // never acknowledged
        counter.egress(0, "garbage".getBytes(StandardCharsets.US_ASCII), "a", 3 * MS);
        assertEquals(2, counter.counts().unexpected());
    }

    @Test
    void theGapAtAKillIsTheLongestSilenceOfAnyPartitionFromTheKillOn() {
        EgressCounter counter = new EgressCounter();
        // partition 0: every 10 ms, then silent from 100 ms to 700 ms; partition 1: every 10 ms throughout
        for (long t = 0; t <= 1_000; t += 10) {
            if (t <= 100 || t >= 700) {
                counter.egress(0, new byte[0], "a", t * MS);
            }
            counter.egress(1, new byte[0], t < 105 ? "a" : "b", t * MS);
        }
        EgressCounter.Gap gap = counter.gapAfter(105 * MS, 1_000 * MS);
        assertEquals(600 * MS, gap.nanos());
        assertTrue(gap.recovered());
        assertEquals(10 * MS, counter.maxGapBetween(0, 100 * MS));
        assertEquals("b", counter.lastProducers().get(1));
    }

    @Test
    void aPartitionSilentUntilTheEndIsAGapThatDidNotRecover() {
        EgressCounter counter = new EgressCounter();
        counter.egress(0, new byte[0], "a", 100 * MS);
        counter.egress(1, new byte[0], "a", 100 * MS);
        counter.egress(1, new byte[0], "b", 900 * MS);
        EgressCounter.Gap gap = counter.gapAfter(150 * MS, 1_000 * MS);
        assertFalse(gap.recovered());
        assertEquals(900 * MS, gap.nanos()); // partition 0: from its last record at 100 ms to the end at 1000 ms
    }

    @Test
    void theRateSeriesCountsEachBucket() {
        EgressCounter counter = new EgressCounter();
        for (int i = 0; i < 30; i++) {
            counter.egress(i % 3, new byte[0], "a", (i < 20 ? 50 : 150) * MS);
        }
        assertEquals(List.of(200.0, 100.0, 0.0), counter.rateSeries(0, 300 * MS, 100));
    }

    @Test
    void theStampRoundTrips() {
        BenchStamp stamp = new BenchStamp("f12", 345, 3, 987654321L);
        assertEquals(stamp, BenchStamp.read(stamp.toPayload(100)).orElseThrow());
        assertEquals(100, stamp.toPayload(100).length);
        assertTrue(BenchStamp.read("no stamp here".getBytes(StandardCharsets.US_ASCII)).isEmpty());
    }
}
