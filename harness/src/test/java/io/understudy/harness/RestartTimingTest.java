package io.understudy.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestartTimingTest {

    private static final ZoneId UTC = ZoneOffset.UTC;

    private static long at(String time) {
        return LocalDateTime.parse("2026-12-07T" + time).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    @Test
    void splitsTheRestartIntoJvmStreamsAndCatchUpFromThisIncarnationsLines(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("node-a.log");
        // the killed incarnation's lines come first: they must not count
        Files.writeString(log, """
                12:29:33.280 INFO  UnderstudyNode - node a starting against 127.0.0.1:36247
                12:29:52.289 INFO  UnderstudyNode - node a streams REBALANCING -> RUNNING
                """);
        long from = RestartTimingTest.sizeOf(log);
        Files.writeString(log, """
                13:00:02.100 INFO  UnderstudyNode - node a starting against 127.0.0.1:36247
                13:00:04.000 INFO  UnderstudyNode - node a streams CREATED -> REBALANCING
                13:00:06.600 INFO  UnderstudyNode - node a streams REBALANCING -> RUNNING
                13:00:07.000 INFO  UnderstudyNode - node a streams RUNNING -> REBALANCING
                13:00:07.500 INFO  UnderstudyNode - node a streams REBALANCING -> RUNNING
                """, java.nio.file.StandardOpenOption.APPEND);

        RestartTiming timing = RestartTiming.fromLog(log, from, at("13:00:00.500"), at("13:00:09.000"), UTC);

        assertEquals(new RestartTiming(1_600, 4_500, 2_400, 8_500), timing);
        assertEquals("8,500 ms: JVM 1,600 + Streams 4,500 + catch-up 2,400", timing.describe());
    }

    @Test
    void aNodeThatDidNotCatchUpOrNeverStartedSaysSo(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("node-b.log");
        Files.writeString(log, "13:00:02.100 INFO  UnderstudyNode - node b starting against 127.0.0.1:1\n");
        assertEquals(new RestartTiming(1_600, -1, -1, -1),
                RestartTiming.fromLog(log, 0, at("13:00:00.500"), -1, UTC));
        assertEquals(new RestartTiming(-1, -1, -1, -1),
                RestartTiming.fromLog(dir.resolve("missing.log"), 0, at("13:00:00.500"), -1, UTC));
        assertEquals("? ms: JVM ? + Streams ? + catch-up ?", new RestartTiming(-1, -1, -1, -1).describe());
    }

    @Test
    void aLineAfterMidnightBelongsToTheNextDay() {
        assertEquals(at("23:59:59.000") + 2_000, RestartTiming.at("00:00:01.000 INFO x", at("23:59:59.000"), UTC));
        assertEquals(-1, RestartTiming.at("node a running (passthrough)", at("23:59:59.000"), UTC));
    }

    private static long sizeOf(Path log) {
        return RestartTiming.sizeOf(log);
    }
}
