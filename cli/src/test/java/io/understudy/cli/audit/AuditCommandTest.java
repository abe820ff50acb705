package io.understudy.cli.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.cli.CommandRun;
import org.junit.jupiter.api.Test;

/** The audit and replay commands' options and their refusals, without a cluster. */
class AuditCommandTest {

    @Test
    void auditAndReplayDescribeTheirOptions() {
        CommandRun audit = CommandRun.of("audit", "--help");
        assertEquals(0, audit.exitCode(), audit.err());
        for (String option : new String[] {"--from", "--to", "--partition", "--allow-pending", "--json", "--function",
                "--bootstrap-servers", "--schema-registry-url", "--max-listed"}) {
            assertTrue(audit.out().contains(option), option + " in:\n" + audit.out());
        }
        CommandRun replay = CommandRun.of("replay", "--help");
        assertEquals(0, replay.exitCode(), replay.err());
        assertTrue(replay.out().contains("--target-topic") && replay.out().contains("--recompute"), replay.out());
    }

    @Test
    void anEmptyRangeIsRefusedWithAReason() {
        CommandRun run = CommandRun.of("audit", "--from", "9", "--to", "3");
        assertNotEquals(0, run.exitCode());
        assertTrue(run.err().contains("9..3 is empty"), run.err());
    }

    @Test
    void replayWithoutATargetTopicIsAUsageError() {
        CommandRun run = CommandRun.of("replay");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--target-topic"), run.err());
    }
}
