package io.understudy.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.harness.TopicReader;
import io.understudy.records.LeaderChange;
import io.understudy.records.LeaderChangeReason;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The primary frozen with SIGSTOP (its heartbeats stop, the selector fails over to b), then
 * resumed with SIGCONT: the old primary's pent-up outputs cause no duplicate, and it does not take
 * leadership back. Every record counted.
 */
class FreezeIT {

    @Test
    void aFrozenPrimaryIsReplacedAndOnceResumedNeitherDuplicatesNorTakesLeadershipBack() throws Exception {
        long[] failoverMs = {-1};
        String[] frozen = {null};
        int[] changesBeforeResume = {0};
        FaultScenario.Outcome outcome = new FaultScenario("freeze", 300, Duration.ofSeconds(24), Duration.ofSeconds(6),
                false).run((deployment, leadership, heartbeats) -> {
                    frozen[0] = leadership.leaders().get(0); // the primary now (a, unless load already moved it)
                    long pid = deployment.node(frozen[0]).pid();
                    FaultScenario.signal(pid, "STOP");
                    long stoppedAt = System.currentTimeMillis();
                    FaultScenario.require(leadership.awaitLeaderOtherThan(frozen[0], FaultScenario.PARTITIONS, 60_000),
                            "no failover away from the frozen primary");
                    failoverMs[0] = System.currentTimeMillis() - stoppedAt;
                    Thread.sleep(4_000); // frozen a while longer: its outputs and transactions pile up
                    changesBeforeResume[0] = leadership.changes().size();
                    FaultScenario.signal(pid, "CONT");
                    Map<Integer, Long> ends = new HashMap<>();
                    TopicReader.endOffsets(deployment.endpoints().bootstrapServers(), deployment.topics().ingress())
                            .forEach((p, end) -> ends.put(p, end - 1));
                    FaultScenario.require(heartbeats.awaitCaughtUp(frozen[0], ends, 120_000), frozen[0] + " did not resume");
                });
        System.out.println("freeze: failover observed " + failoverMs[0] + " ms after SIGSTOP of " + frozen[0]);

        assertEquals(0, outcome.tally().lost(), "lost");
        assertEquals(0, outcome.tally().duplicated(), "duplicated");
        assertEquals(0, outcome.tally().reordered(), "reordered");
        assertEquals(0, outcome.tally().wrongLeader(), "wrong leader");
        assertEquals(outcome.tally().sent(), outcome.tally().egress());
        assertTrue(outcome.tally().sent() > 3_000, "traffic flowed: " + outcome.tally().sent());
        // after SIGCONT the resumed node leads again only if the selector moved leadership to it because the
        // other one failed or stalled (possible on a loaded machine), never because it came back
        List<LeaderChange> afterResume = outcome.changes().subList(changesBeforeResume[0], outcome.changes().size());
        for (LeaderChange change : afterResume) {
            if (frozen[0].equals(change.getLeader()) && !frozen[0].equals(change.getPreviousLeader())
                    && change.getPreviousLeader() != null) {
                assertTrue(change.getReason() == LeaderChangeReason.LEADER_FAILED
                        || change.getReason() == LeaderChangeReason.LEADER_STALLED, "moved back to " + frozen[0]
                        + " without the other failing: " + change);
            }
        }
        System.out.println("freeze: leadership decisions after the resume: " + afterResume);
    }
}
