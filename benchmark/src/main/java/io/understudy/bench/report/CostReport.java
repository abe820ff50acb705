package io.understudy.bench.report;

import io.understudy.bench.harness.BenchResult;
import io.understudy.bench.harness.BenchRunner;
import io.understudy.bench.harness.BrokerMetrics;
import io.understudy.bench.harness.CostBreakdown;
import io.understudy.bench.harness.SystemResult;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The report's cost breakdown (issue 19): what one record costs each system at saturation. CPU
 * microseconds per record of each process (its CPU share over the records per second), the
 * broker's requests of each kind and the bytes it appended per ingress record (its own counters),
 * and links to each process's JFR profile summary. On a CPU-bound machine these, not the
 * throughput alone, say where a pipeline's time goes and which lever is worth pulling.
 */
final class CostReport {

    private CostReport() {
    }

    static void render(BenchResult result, StringBuilder md) {
        List<SystemResult> measured = result.systems().stream().filter(s -> s.cost() != null).toList();
        if (measured.isEmpty()) {
            return;
        }
        md.append("\n## Cost per record at saturation\n\n");
        md.append("CPU in microseconds per record: a process's CPU in % of one core × 10,000 / the system's records per"
                + " second at saturation. The harness JVM runs the broker, the load generator and the egress reader.\n\n");
        md.append("| system | records/s | process | CPU | µs per record |\n|---|---|---|---|---|\n");
        for (SystemResult system : measured) {
            CostBreakdown cost = system.cost();
            for (Map.Entry<String, Double> process : cost.cpuPercent().entrySet()) {
                md.append(String.format("| %s | %,.0f | %s | %s | %s |%n", system.key(), cost.recordsPerSecond(),
                        process.getKey(), process.getValue() < 0 ? "-" : String.format("%.0f %%", process.getValue()),
                        micros(cost.microsPerRecord(process.getKey()))));
            }
        }
        CostBreakdown baseline = measured.stream().filter(s -> s.key().equals(MarkdownReport.BASELINE)).findFirst()
                .map(SystemResult::cost).orElse(null);
        md.append("\n| system | µs per record, the system's processes | with the harness (broker, load, counter) |"
                + " system's µs per record / A's |\n|---|---|---|---|\n");
        for (SystemResult system : measured) {
            double own = system.cost().microsPerRecordWithout(List.of(BenchRunner.HARNESS));
            double all = system.cost().microsPerRecordWithout(List.of());
            double a = baseline == null ? -1 : baseline.microsPerRecordWithout(List.of(BenchRunner.HARNESS));
            md.append(String.format("| %s | %s | %s | %s |%n", system.key(), micros(own), micros(all),
                    own < 0 || a <= 0 ? "-" : String.format("%.2f×", own / a)));
        }

        if (measured.stream().allMatch(s -> s.cost().broker().empty())) {
            md.append("\nThe broker's counters were not available (no broker in the harness JVM).\n");
        } else {
            md.append("\nBroker requests and bytes appended per ingress record, from the broker's own counters, from the start"
                    + " of the saturation phase until its last record was on egress (the load generator's produce requests"
                    + " and the egress reader's fetches included):\n\n| system |");
            BrokerMetrics.REQUESTS.forEach(request -> md.append(' ').append(request).append(" |"));
            md.append(" bytes appended |\n|---|").append("---|".repeat(BrokerMetrics.REQUESTS.size())).append("---|\n");
            for (SystemResult system : measured) {
                CostBreakdown cost = system.cost();
                md.append("| ").append(system.key()).append(" |");
                BrokerMetrics.REQUESTS.forEach(request -> md.append(' ').append(ratio(cost.requestsPerRecord(request)))
                        .append(" |"));
                md.append(' ').append(bytes(cost.bytesPerRecord())).append(" |\n");
            }
            md.append("\n| system | topic | records appended per ingress record | bytes appended per ingress record |\n"
                    + "|---|---|---|---|\n");
            for (SystemResult system : measured) {
                CostBreakdown cost = system.cost();
                for (String topic : new TreeSet<>(cost.broker().bytesInByTopic().keySet())) {
                    md.append(String.format("| %s | %s | %s | %s |%n", system.key(), topic,
                            ratio(cost.messagesPerRecord(topic)), bytes(cost.bytesPerRecord(topic))));
                }
            }
        }

        if (measured.stream().anyMatch(s -> !s.cost().profiles().isEmpty())) {
            md.append("\nWhere each process spent its time during saturation (JFR, execution samples every 10 ms; threads,"
                    + " methods self and inclusive, packages, allocations):\n\n");
            for (SystemResult system : measured) {
                system.cost().profiles().forEach((process, file) -> md.append("- ").append(system.key()).append(", ")
                        .append(process).append(": [").append(file).append("](").append(file).append(")\n"));
            }
        }
    }

    static String micros(double micros) {
        return micros < 0 ? "-" : String.format("%.1f", micros);
    }

    private static String ratio(double perRecord) {
        if (perRecord < 0) {
            return "-";
        }
        return perRecord == 0 ? "0" : perRecord >= 0.1 ? String.format("%.2f", perRecord) : String.format("%.4f", perRecord);
    }

    private static String bytes(double perRecord) {
        return perRecord < 0 ? "-" : String.format("%,.0f", perRecord);
    }
}
