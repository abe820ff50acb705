package io.understudy.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
                "passthrough", dir.toAbsolutePath()), System.out).run();
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

        // leadership went a -> b -> a -> b on every partition, one epoch per leader
        for (int partition = 0; partition < 3; partition++) {
            List<String> leaders = new ArrayList<>();
            List<Integer> epochs = new ArrayList<>();
            for (LeaderChange change : result.changes()) {
                if (change.getPartition() == partition && change.getReason() != LeaderChangeReason.NO_ELIGIBLE_BACKUP
                        && change.getReason() != LeaderChangeReason.LEADER_RETURNED) {
                    leaders.add(change.getLeader());
                    epochs.add(change.getEpoch());
                }
            }
            assertEquals(List.of("a", "b", "a", "b"), leaders, "leaders of partition " + partition);
            assertEquals(List.of(1, 2, 3, 4), epochs, "epochs of partition " + partition);
        }
    }
}
