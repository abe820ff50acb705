package io.understudy.cli.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.cli.CommandRun;
import org.junit.jupiter.api.Test;

/** {@code understudy chaos --dry-run}: the schedule a seed stands for, and bad options. */
class ChaosCommandTest {

    @Test
    void theSameSeedPrintsTheSameSchedule() {
        CommandRun first = CommandRun.of("chaos", "--dry-run", "--seed", "2026", "--faults", "200");
        CommandRun again = CommandRun.of("chaos", "--dry-run", "--seed", "2026", "--faults", "200");
        assertEquals(0, first.exitCode(), first.err());
        assertEquals(first.out(), again.out());
        assertEquals(1 + 200, first.out().lines().count(), first.out());
        assertTrue(first.out().startsWith("chaos seed=2026: 200 faults over "), first.out());
        assertTrue(first.out().contains("  #200 at "), first.out());
        assertNotEquals(first.out(), CommandRun.of("chaos", "--dry-run", "--seed", "2027", "--faults", "200").out());
    }

    @Test
    void onlyTheKindsAskedForAreDrawn() {
        CommandRun run = CommandRun.of("chaos", "--dry-run", "--seed", "5", "--faults", "40", "--kinds",
                "bridge-kill,broker-restart");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(40, run.out().lines().filter(l -> l.contains("bridge-kill") || l.contains("broker-restart"))
                .filter(l -> l.startsWith("  #")).count(), run.out());
    }

    @Test
    void badOptionsAreUsageErrorsInOneLine() {
        CommandRun kind = CommandRun.of("chaos", "--dry-run", "--kinds", "node-kill,node-explode");
        assertEquals(2, kind.exitCode());
        assertTrue(kind.err().startsWith("--kinds: no fault kind 'node-explode' (there are node-kill, node-freeze,"),
                kind.err());
        CommandRun gaps = CommandRun.of("chaos", "--dry-run", "--min-gap", "30", "--max-gap", "10");
        assertEquals(2, gaps.exitCode());
        assertTrue(gaps.err().startsWith("the gap between faults must be 0 <= min <= max, not 30000..10000 ms"),
                gaps.err());
        CommandRun freeze = CommandRun.of("chaos", "--dry-run", "--freeze-ms", "lots");
        assertEquals(2, freeze.exitCode());
        assertTrue(freeze.err().startsWith("--freeze-ms must be MIN..MAX in ms, e.g. 500..4000, not 'lots'"), freeze.err());
    }
}
