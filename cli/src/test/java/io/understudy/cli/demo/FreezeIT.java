package io.understudy.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        FaultScenario.Outcome outcome = new FaultScenario("freeze", 300, Duration.ofSeconds(24), Duration.ofSeconds(6),
                false).run((deployment, leadership, heartbeats) -> {
                    long pid = deployment.node("a").pid();
                    FaultScenario.signal(pid, "STOP");
                    long stoppedAt = System.currentTimeMillis();
                    FaultScenario.require(leadership.awaitLeaderOtherThan("a", FaultScenario.PARTITIONS, 60_000),
                            "no failover away from the frozen primary");
                    failoverMs[0] = System.currentTimeMillis() - stoppedAt;
                    Thread.sleep(4_000); // frozen a while longer: its outputs and transactions pile up
                    FaultScenario.signal(pid, "CONT");
                    Map<Integer, Long> ends = new HashMap<>();
                    TopicReader.endOffsets(deployment.endpoints().bootstrapServers(), deployment.topics().ingress())
                            .forEach((p, end) -> ends.put(p, end - 1));
                    FaultScenario.require(heartbeats.awaitCaughtUp("a", ends, 120_000), "a did not resume");
                });
        System.out.println("freeze: failover observed " + failoverMs[0] + " ms after SIGSTOP");

        assertEquals(0, outcome.tally().lost(), "lost");
        assertEquals(0, outcome.tally().duplicated(), "duplicated");
        assertEquals(0, outcome.tally().reordered(), "reordered");
        assertEquals(0, outcome.tally().wrongLeader(), "wrong leader");
        assertEquals(outcome.tally().sent(), outcome.tally().egress());
        assertTrue(outcome.tally().sent() > 3_000, "traffic flowed: " + outcome.tally().sent());
        for (int p = 0; p < FaultScenario.PARTITIONS; p++) {
            int partition = p;
            List<LeaderChange> moves = outcome.changes().stream().filter(c -> c.getPartition() == partition
                    && c.getReason() != LeaderChangeReason.NO_ELIGIBLE_BACKUP
                    && c.getReason() != LeaderChangeReason.LEADER_RETURNED).toList();
            assertEquals(2, moves.size(), "partition " + p + ": the initial leader and one failover: " + moves);
            assertEquals("a", moves.get(0).getLeader());
            assertEquals("b", moves.get(1).getLeader(), "b leads after the freeze, and a never took it back");
        }
    }
}
