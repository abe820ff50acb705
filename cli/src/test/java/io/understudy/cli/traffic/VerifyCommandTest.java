package io.understudy.cli.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.cli.CommandRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What verify refuses before it reads any topic, each with a one-line reason. (The counting itself
 * is {@code EgressTally}'s; the compose system test, compose/ci/system-test.sh, runs verify against
 * a real deployment.)
 */
class VerifyCommandTest {

    @TempDir
    Path dir;

    @Test
    void theRecordIsRequired() {
        CommandRun run = CommandRun.of("verify");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("Missing required option: '--record=FILE'"), run.err());
    }

    @Test
    void aFileThatIsNotASentLogIsNamed() throws Exception {
        Path notALog = Files.writeString(dir.resolve("notes.txt"), "hello\nworld\n");
        CommandRun run = CommandRun.of("verify", "--record", notALog.toString(), "--bootstrap-servers", "127.0.0.1:1");
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.err().contains(notALog + " names no function on its second line"), run.err());
    }

    @Test
    void aMissingRecordIsNamed() {
        CommandRun run = CommandRun.of("verify", "--record", dir.resolve("absent.tsv").toString());
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.err().contains("cannot read the sent log " + dir.resolve("absent.tsv")), run.err());
    }

    @Test
    void routerTrafficIsLeftToTheAudit() throws Exception {
        Path log = Files.writeString(dir.resolve("sent.tsv"), "# understudy traffic sent log v1\n"
                + "# function=router flows=1 payload-size=10 seed=1 transport=tcp\n");
        CommandRun run = CommandRun.of("verify", "--record", log.toString());
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.err().contains("understudy audit --function router"), run.err());
    }

    @Test
    void aNegativeWaitIsAUsageError() throws Exception {
        Path log = Files.writeString(dir.resolve("sent.tsv"), "# understudy traffic sent log v1\n"
                + "# function=passthrough flows=1 payload-size=10 seed=1 transport=tcp\n");
        CommandRun run = CommandRun.of("verify", "--record", log.toString(), "--wait", "-1");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("--wait must be at least 0"), run.err());
    }
}
