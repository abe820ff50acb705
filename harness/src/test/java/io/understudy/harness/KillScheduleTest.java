package io.understudy.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KillScheduleTest {

    private static ChaosRun.Options options(int durationSeconds, int failovers, Integer firstKillSeconds) {
        return new ChaosRun.Options(10, 100, Duration.ofSeconds(durationSeconds), failovers, 3, 64, "passthrough",
                Path.of("unused"), Map.of(), false, firstKillSeconds == null ? null : Duration.ofSeconds(firstKillSeconds));
    }

    private static List<Long> seconds(ChaosRun.Options options) {
        return options.killSchedule().stream().map(Duration::toSeconds).toList();
    }

    @Test
    void byDefaultTheKillsAreEvenlySpacedOverTheDuration() {
        assertEquals(List.of(10L, 20L, 30L), seconds(options(40, 3, null)));
        assertEquals(List.of(), seconds(options(40, 0, null)));
    }

    @Test
    void afterAFirstKillTheOthersAreEvenlySpacedOverTheRest() {
        // first at 100 s, then every (400 - 100) / 3 = 100 s: the last one 100 s before the end
        assertEquals(List.of(100L, 200L, 300L), seconds(options(400, 3, 100)));
        assertEquals(List.of(90L), seconds(options(400, 1, 90)));
    }

    @Test
    void aFirstKillOutsideTheTrafficIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> options(60, 2, 60));
        assertThrows(IllegalArgumentException.class, () -> options(60, 2, -1));
    }
}
