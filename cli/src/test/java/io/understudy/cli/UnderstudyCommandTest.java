package io.understudy.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnderstudyCommandTest {

    @Test
    void versionComesFromTheBuild() {
        CommandRun run = CommandRun.of("--version");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().matches("understudy \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R"), run.out());
    }

    @Test
    void withoutASubcommandItListsThem() {
        CommandRun run = CommandRun.of();
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("Usage: understudy"), run.out());
        assertTrue(run.out().contains("  local "), run.out());
    }

    @Test
    void subcommandsHaveHelpToo() {
        CommandRun run = CommandRun.of("local", "--help");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("--partitions=N"), run.out());
        assertTrue(run.out().contains("(default: 3)"), run.out());
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        CommandRun run = CommandRun.of("local", "--partitons", "3");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("Unknown options: '--partitons', '3'"), run.err());
    }
}
