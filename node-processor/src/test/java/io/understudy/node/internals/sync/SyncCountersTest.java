package io.understudy.node.internals.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The counters' snapshot, as logs and reports print it. */
class SyncCountersTest {

    @Test
    void theCountersSnapshotNamesEveryCounterInOrder() {
        SyncCounters counters = new SyncCounters();
        counters.requestsSent.set(1);
        counters.checkpointChunksSent.set(2);
        counters.recheckpointRounds.set(3);
        counters.declarationsSent.set(4);
        counters.synchronizations.set(5);
        counters.refusals.set(6);
        counters.restarts.set(7);
        counters.resyncOrders.set(8);
        counters.probesSent.set(9);
        counters.probesVerified.set(10);
        counters.flowsRepaired.set(11);
        counters.checkpointsFromNonLeaders.set(12);
        assertEquals("{requestsSent=1, checkpointChunksSent=2, recheckpointRounds=3, declarationsSent=4, synchronizations=5,"
                + " refusals=6, restarts=7, resyncOrders=8, probesSent=9, probesVerified=10, flowsRepaired=11,"
                + " checkpointsFromNonLeaders=12}", counters.snapshot().toString());
    }
}
