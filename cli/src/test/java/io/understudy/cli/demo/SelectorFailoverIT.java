package io.understudy.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The egress selector killed with SIGKILL while a second instance of it runs: the second takes
 * over the first's partitions when Kafka's group membership notices (the session timeout, 10 s by
 * default), restores the watermarks and kept outputs from the changelog, and carries on: nothing
 * lost, duplicated or reordered. The egress gap it causes is measured and printed.
 */
class SelectorFailoverIT {

    @Test
    void aStandbySelectorTakesOverAfterASigkillWithNothingLostOrDuplicated() throws Exception {
        FaultScenario.Outcome outcome = new FaultScenario("selector-kill", 300, Duration.ofSeconds(30),
                Duration.ofSeconds(6), true).run((deployment, leadership, heartbeats) -> deployment.killSelector("1"));
        System.out.println("selector failover: longest egress gap on a partition " + outcome.maxGapMs() + " ms");

        assertEquals(0, outcome.tally().lost(), "lost");
        assertEquals(0, outcome.tally().duplicated(), "duplicated");
        assertEquals(0, outcome.tally().reordered(), "reordered");
        assertEquals(0, outcome.tally().wrongLeader(), "wrong leader");
        assertEquals(outcome.tally().sent(), outcome.tally().egress());
        assertTrue(outcome.tally().sent() > 3_000, "traffic flowed: " + outcome.tally().sent());
    }
}
