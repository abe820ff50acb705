package io.understudy.bench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostBreakdownTest {

    @Test
    void microsPerRecordIsCpuShareOverRecordsPerSecond() {
        // one full core at 100,000 records/s: 10 µs per record
        assertEquals(10.0, CostBreakdown.microsPerRecord(100, 100_000), 1e-9);
        // the 2026-12-07 run's selector: 47 % of a core at 30,121 records/s
        assertEquals(15.604, CostBreakdown.microsPerRecord(47, 30_121), 1e-3);
        assertEquals(-1, CostBreakdown.microsPerRecord(-1, 30_121));
        assertEquals(-1, CostBreakdown.microsPerRecord(50, 0));
    }

    @Test
    void sumsProcessesAndDividesBrokerCountsByIngressRecords() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        cpu.put(BenchRunner.HARNESS, 73.0);
        cpu.put("node-a", 29.0);
        cpu.put("node-b", 30.0);
        cpu.put("selector", 47.0);
        cpu.put("gone", -1.0);
        BrokerMetrics broker = new BrokerMetrics(Map.of("Produce", 5_000L, "EndTxn", 300L),
                Map.of("egress", 400_000L, "node-output-a", 600_000L), Map.of("egress", 2_000L));
        CostBreakdown cost = new CostBreakdown(20_000, 2_000, cpu, broker, Map.of());

        assertEquals(14.5, cost.microsPerRecord("node-a"), 1e-9);
        assertEquals(-1, cost.microsPerRecord("gone"));
        assertEquals((29 + 30 + 47) * 10_000 / 20_000.0, cost.microsPerRecordWithout(List.of(BenchRunner.HARNESS)), 1e-9);
        assertEquals((73 + 29 + 30 + 47) * 10_000 / 20_000.0, cost.microsPerRecordWithout(List.of()), 1e-9);
        assertEquals(2.5, cost.requestsPerRecord("Produce"), 1e-9);
        assertEquals(0.15, cost.requestsPerRecord("EndTxn"), 1e-9);
        assertEquals(0.0, cost.requestsPerRecord("Fetch"), 1e-9);
        assertEquals(500.0, cost.bytesPerRecord(), 1e-9);
        assertEquals(300.0, cost.bytesPerRecord("node-output-a"), 1e-9);
        assertEquals(1.0, cost.messagesPerRecord("egress"), 1e-9);
    }

    @Test
    void brokerDeltaKeepsWhatGrew() {
        BrokerMetrics before = new BrokerMetrics(Map.of("Produce", 10L, "Fetch", 7L), Map.of("t", 100L), Map.of("t", 1L));
        BrokerMetrics after = new BrokerMetrics(Map.of("Produce", 25L, "Fetch", 7L, "EndTxn", 3L), Map.of("t", 160L, "u", 5L),
                Map.of("t", 4L));
        BrokerMetrics delta = after.minus(before);
        assertEquals(Map.of("Produce", 15L, "EndTxn", 3L), delta.requests());
        assertEquals(Map.of("t", 60L, "u", 5L), delta.bytesInByTopic());
        assertEquals(65L, delta.bytesIn());
        assertEquals(Map.of("t", 3L), delta.messagesByTopic());
    }
}
