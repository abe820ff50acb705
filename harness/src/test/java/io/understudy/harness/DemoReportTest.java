package io.understudy.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoReportTest {

    private static ChaosRun.Result result(List<ChaosRun.KillOutcome> kills) {
        EgressTally.Result tally = new EgressTally.Result(30_000, 30_000, 0, 0, 0, 0, 0, 0);
        return new ChaosRun.Result(tally, kills.size(), 649, 80, 900, 0, List.of(), -1, kills);
    }

    private static String printed(ChaosRun.Result result) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DemoReport.print(result, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyKillHasALineThatSaysWhetherTrafficStillFlowed() {
        ChaosRun.Result result = result(List.of(new ChaosRun.KillOutcome(7, 7_307, 242, true,
                        new RestartTiming(1_600, 4_500, 2_400, 8_500)),
                new ChaosRun.KillOutcome(31, 0, 0, false, "selector", null)));
        String out = printed(result);
        assertTrue(out.contains("|    1 | node     |      7 | flowing |                 7,307 |             242 |"
                + " 8,500 ms: JVM 1,600 + Streams 4,500 + catch-up 2,400 "), out);
        assertTrue(out.contains("|    2 | selector |     31 | over    |                     0 |               0 | - "), out);
        String[] lines = out.strip().split("\n");
        assertEquals(DemoReport.resultLine(result), lines[lines.length - 1], "RESULT stays the last line");
        assertTrue(lines[lines.length - 1].endsWith("failovers=2 max_gap_ms=242"), lines[lines.length - 1]);
    }

    @Test
    void aRunWithoutKillsHasNoKillTable() {
        String out = printed(result(List.of()));
        assertFalse(out.contains("| kill |"), out);
        assertTrue(out.contains("max_gap_ms=0"), out);
    }
}
