package io.understudy.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.bench.harness.BenchResult;
import io.understudy.bench.harness.BenchRunner;
import io.understudy.bench.harness.BrokerMetrics;
import io.understudy.bench.harness.CostBreakdown;
import io.understudy.bench.harness.EgressCounter;
import io.understudy.bench.harness.PhaseResult;
import io.understudy.bench.harness.SystemResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostReportTest {

    private static SystemResult system(String key, double throughput, long records, Map<String, Double> cpu,
                                       BrokerMetrics broker, Map<String, String> profiles) {
        PhaseResult saturation = new PhaseResult("saturation", 0, 30, records, records, throughput, 1, 2, 3, 4, cpu, null);
        return new SystemResult(key, key, "", 1000, saturation, List.of(), null, null, null,
                new EgressCounter.Counts(records, records, 0, 0, 0, 0), true, List.of(),
                new CostBreakdown(throughput, records, cpu, broker, profiles));
    }

    private static Map<String, Double> cpu(Object... nameThenPercent) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        for (int i = 0; i < nameThenPercent.length; i += 2) {
            cpu.put((String) nameThenPercent[i], ((Number) nameThenPercent[i + 1]).doubleValue());
        }
        return cpu;
    }

    @Test
    void tablesGiveMicrosecondsRequestsAndBytesPerRecord() {
        SystemResult a = system(MarkdownReport.BASELINE, 100_000, 1_000_000, cpu(BenchRunner.HARNESS, 100, "streams-1", 50),
                new BrokerMetrics(Map.of("Produce", 20_000L, "Fetch", 10_000L, "EndTxn", 1_000L),
                        Map.of("egress-a", 150_000_000L), Map.of("egress-a", 1_000_000L)), Map.of());
        SystemResult c = system(MarkdownReport.UNDERSTUDY, 25_000, 500_000,
                cpu(BenchRunner.HARNESS, 70, "node-a", 30, "node-b", 30, "selector", 40),
                new BrokerMetrics(Map.of("Produce", 50_000L, "WriteTxnMarkers", 2_500L), Map.of("egress", 75_000_000L,
                        "node-output-a", 50_000_000L), Map.of("egress", 500_000L, "node-output-a", 500_000L)),
                Map.of("node-a", "profile-understudy-node-a.txt"));
        BenchResult result = new BenchResult("now", "quick", Map.of(), Map.of(), List.of(a, c), 60, Map.of());

        StringBuilder md = new StringBuilder();
        CostReport.render(result, md);
        String text = md.toString();

        assertTrue(text.contains("| baseline | 100,000 | streams-1 | 50 % | 5.0 |\n"), text);
        assertTrue(text.contains("| understudy | 25,000 | node-a | 30 % | 12.0 |\n"), text);
        assertTrue(text.contains("| understudy | 25,000 | selector | 40 % | 16.0 |\n"), text);
        // the system's own processes: 100 % at 25,000/s = 40 µs; with the harness 170 % = 68 µs; A: 5 µs
        assertTrue(text.contains("| understudy | 40.0 | 68.0 | 8.00× |\n"), text);
        assertTrue(text.contains("| baseline | 5.0 | 15.0 | 1.00× |\n"), text);
        // Produce | Fetch | AddPartitionsToTxn | EndTxn | TxnOffsetCommit | WriteTxnMarkers | AddOffsetsToTxn | Heartbeat
        // | OffsetCommit | bytes
        assertTrue(text.contains("| baseline | 0.0200 | 0.0100 | 0 | 0.0010 | 0 | 0 | 0 | 0 | 0 | 150 |\n"), text);
        assertTrue(text.contains("| understudy | 0.10 | 0 | 0 | 0 | 0 | 0.0050 | 0 | 0 | 0 | 250 |\n"), text);
        assertTrue(text.contains("| understudy | node-output-a | 1.00 | 100 |\n"), text);
        assertTrue(text.contains("- understudy, node-a: [profile-understudy-node-a.txt](profile-understudy-node-a.txt)\n"),
                text);
        assertEquals(1, text.split("## Cost per record at saturation", -1).length - 1);
    }

    @Test
    void saysSoWhenTheBrokerCountersAreMissing() {
        SystemResult c = system(MarkdownReport.UNDERSTUDY, 25_000, 500_000, cpu("node-a", 30),
                new BrokerMetrics(Map.of(), Map.of(), Map.of()), Map.of());
        StringBuilder md = new StringBuilder();
        CostReport.render(new BenchResult("now", "quick", Map.of(), Map.of(), List.of(c), 60, Map.of()), md);
        assertTrue(md.toString().contains("The broker's counters were not available"), md.toString());
        assertTrue(md.toString().contains("| understudy | 12.0 | 12.0 | - |\n"), md.toString());
    }
}
