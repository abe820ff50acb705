package io.understudy.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.harness.ChaosRun;
import io.understudy.harness.DemoReport;
import io.understudy.harness.EgressTally;
import io.understudy.records.LeaderChange;
import io.understudy.records.LeaderChangeReason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The chaos of the main job with real processes: a real broker and registry, the bridge, nodes and
 * selector each a JVM of its own, the primary killed with SIGKILL three times (a, b, a) and
 * restarted; then every egress record is counted.
 */
class FailoverIT {

    @Test
    void threeKillsOfThePrimaryLoseDuplicateAndReorderNothing() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "failover-it")).resolve("run-" + System.currentTimeMillis());
        Files.createDirectories(dir);
        int rate = 500;
        int seconds = 36;
        ChaosRun.Result result = new ChaosRun(new ChaosRun.Options(20, rate, Duration.ofSeconds(seconds), 3, 3, 64,
                "passthrough", dir.toAbsolutePath(), java.util.Map.of()), System.out).run();
        DemoReport.print(result, System.out);

        EgressTally.Result tally = result.tally();
        assertEquals(0, tally.lost(), "lost");
        assertEquals(0, tally.duplicated(), "duplicated");
        assertEquals(0, tally.reordered(), "reordered");
        assertEquals(0, tally.wrongLeader(), "egress naming a node that did not lead its epoch");
        assertEquals(0, tally.unexpected(), "egress that was never acknowledged");
        assertEquals(tally.sent(), tally.egress(), "one egress record per acknowledged packet");
        assertTrue(tally.sent() >= rate * seconds * 8L / 10, "traffic flowed: " + tally.sent());
        assertEquals(3, result.kills());
        assertEquals(3, result.failovers());

        // every partition: epochs 1, 2, 3, ... each naming a new leader; one move per kill at least. A move
        // may be LEADER_STALLED rather than LEADER_FAILED: a leader that falls behind a backup just before
        // its kill is legally replaced for stalling, and the kill then finds the partition already moved.
        for (int partition = 0; partition < 3; partition++) {
            List<String> leaders = new ArrayList<>();
            List<Integer> epochs = new ArrayList<>();
            long moves = 0;
            for (LeaderChange change : result.changes()) {
                if (change.getPartition() != partition || change.getReason() == LeaderChangeReason.NO_ELIGIBLE_BACKUP
                        || change.getReason() == LeaderChangeReason.LEADER_RETURNED) {
                    continue;
                }
                leaders.add(change.getLeader());
                epochs.add(change.getEpoch());
                if (change.getReason() == LeaderChangeReason.LEADER_FAILED
                        || change.getReason() == LeaderChangeReason.LEADER_STALLED) {
                    moves++;
                }
            }
            assertEquals("a", leaders.get(0), "initial leader of partition " + partition);
            for (int i = 0; i < epochs.size(); i++) {
                assertEquals(i + 1, epochs.get(i), "epochs of partition " + partition + ": " + epochs);
                if (i > 0) {
                    assertTrue(!leaders.get(i).equals(leaders.get(i - 1)), "a change names a new leader: " + leaders);
                }
            }
            assertTrue(moves >= 3, "partition " + partition + " moved on each kill: " + leaders);
        }
    }
}
