package io.understudy.bench.report;

import io.understudy.bench.harness.BenchResult;
import io.understudy.bench.harness.EgressCounter;
import io.understudy.bench.harness.PhaseResult;
import io.understudy.bench.harness.ProcessResult;
import io.understudy.bench.harness.SystemResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;


/** {@code report.md}: the tables, the ratios Understudy/baseline and the targets of issue 6, met or missed. */
public final class MarkdownReport {

    public static final String BASELINE = "baseline";
    public static final String STANDBY_DEFAULT = "standby-default";
    public static final String STANDBY_TUNED = "standby-tuned";
    public static final String UNDERSTUDY = "understudy";

    private MarkdownReport() {
    }

    public static void write(BenchResult result, Path file) throws IOException {
        Files.writeString(file, render(result));
    }

    public static String render(BenchResult result) {
        StringBuilder md = new StringBuilder();
        md.append("# Understudy vs Kafka Streams standby replicas\n\n");
        md.append("Run of ").append(result.startedAt()).append(" (").append(result.mode()).append(" mode, ")
                .append(result.wallSeconds()).append(" s in all). One local broker (in-process KRaft, in the harness JVM),")
                .append(" every system started as its own JVMs, the same load for each: stamped packets produced")
                .append(" straight to the system's ingress topic (no ingress bridge), egress read committed.\n\n");
        md.append("## Machine\n\n| | |\n|---|---|\n");
        result.machine().forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        md.append("\n## Settings\n\n| | |\n|---|---|\n");
        result.settings().forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        md.append("\n| system | settings |\n|---|---|\n");
        for (SystemResult system : result.systems()) {
            md.append("| ").append(system.title()).append(" | ").append(system.settings()).append(" |\n");
        }

        md.append("\n## Results\n\n");
        md.append("| system | start-up | throughput at saturation (records/s) |");
        List<PhaseResult> firstRates = result.systems().isEmpty() ? List.of() : result.systems().get(0).rates();
        for (PhaseResult rate : firstRates) {
            md.append(" p50 / p99 / p99.9 at ").append(String.format("%,d", rate.offeredRate())).append("/s (ms) |");
        }
        md.append(" egress gap at the kill | lost | duplicated | reordered |\n|---|---|---|");
        md.append("---|".repeat(firstRates.size())).append("---|---|---|---|\n");
        for (SystemResult system : result.systems()) {
            EgressCounter.Counts counts = system.counts();
            md.append("| ").append(system.title()).append(" | ").append(String.format("%,.1f s", system.startupMs() / 1000.0))
                    .append(" | ").append(String.format("%,.0f", system.saturation().throughput())).append(" |");
            for (PhaseResult rate : system.rates()) {
                md.append(rate.skipped() != null ? " not sustained |" : String.format(" %.1f / %.1f / %.1f%s |",
                        rate.p50Ms(), rate.p99Ms(), rate.p999Ms(),
                        rate.offeredRate() > system.saturation().throughput() ? " (above saturation)" : ""));
            }
            md.append(" ").append(gap(system)).append(" | ").append(String.format("%,d", counts.lost()))
                    .append(system.drained() ? "" : " (not drained)").append(" | ")
                    .append(String.format("%,d", counts.duplicated())).append(" | ")
                    .append(String.format("%,d", counts.reordered())).append(" |\n");
        }
        if (!result.failures().isEmpty()) {
            md.append("\nNot measured:\n\n");
            result.failures().forEach((key, message) -> md.append("- ").append(key).append(": ").append(message).append("\n"));
        }
        md.append("\n\"not sustained\": a fixed rate more than 1.2× the system's saturation throughput is not offered"
                + " (its queue would only grow, and the backlog would spill into the next phases).\n");
        md.append("\nEvery record is counted: acknowledged by the broker to the load generator, then read on egress.\n\n");
        md.append("| system | acknowledged | egress records | lost | duplicated | reordered | unexpected |\n|---|---|---|---|---|---|---|\n");
        for (SystemResult system : result.systems()) {
            EgressCounter.Counts c = system.counts();
            md.append(String.format("| %s | %,d | %,d | %,d | %,d | %,d | %,d |%n", system.title(), c.acked(), c.egress(),
                    c.lost(), c.duplicated(), c.reordered(), c.unexpected()));
        }

        md.append("\n## Processes (CPU in % of one core during saturation; peak resident memory)\n\n");
        md.append("| system | process | CPU at saturation | peak RSS |\n|---|---|---|---|\n");
        for (SystemResult system : result.systems()) {
            for (ProcessResult process : system.processes()) {
                md.append(String.format("| %s | %s | %s | %,.0f MiB |%n", system.key(), process.name(),
                        process.cpuAtSaturation() < 0 ? "-" : String.format("%.0f %%", process.cpuAtSaturation()),
                        process.peakRssMb()));
            }
        }
        md.append("\nThe harness JVM also hosts the broker: its CPU is shared by all systems' traffic.\n");
        CostReport.render(result, md);

        md.append("\n## Ratios Understudy / baseline\n\n");
        SystemResult understudy = result.system(UNDERSTUDY);
        SystemResult baseline = result.system(BASELINE);
        if (understudy != null && baseline != null) {
            md.append("| measure | Understudy | A: Kafka Streams, 1 instance | ratio |\n|---|---|---|---|\n");
            md.append(ratioRow("throughput at saturation (records/s)", understudy.saturation().throughput(),
                    baseline.saturation().throughput(), "%,.0f"));
            for (int i = 0; i < understudy.rates().size() && i < baseline.rates().size(); i++) {
                PhaseResult u = understudy.rates().get(i);
                PhaseResult b = baseline.rates().get(i);
                if (u.skipped() == null && b.skipped() == null) {
                    md.append(ratioRow(String.format("p99 latency at %,d/s (ms)", u.offeredRate()), u.p99Ms(), b.p99Ms(), "%.1f"));
                } else {
                    md.append(String.format("| p99 latency at %,d/s (ms) | %s | %s | - |%n", u.offeredRate(),
                            u.skipped() == null ? String.format("%.1f", u.p99Ms()) : "not sustained",
                            b.skipped() == null ? String.format("%.1f", b.p99Ms()) : "not sustained"));
                }
            }
            double uCpu = totalCpu(understudy);
            double bCpu = totalCpu(baseline);
            md.append(ratioRow("CPU of the system's processes at saturation (% of a core)", uCpu, bCpu, "%.0f"));
            md.append(ratioRow("CPU per 1,000 records/s at saturation (% of a core)",
                    uCpu / Math.max(1e-9, understudy.saturation().throughput() / 1000),
                    bCpu / Math.max(1e-9, baseline.saturation().throughput() / 1000), "%.1f"));
            md.append(ratioRow("memory of the system's processes (peak RSS, MiB)", totalRss(understudy), totalRss(baseline), "%,.0f"));
        }
        if (understudy != null && understudy.failover() != null) {
            md.append("\n| failover | egress gap (ms) | Understudy's gap is shorter by |\n|---|---|---|\n");
            for (SystemResult system : result.systems()) {
                if (system.failover() != null) {
                    md.append(String.format("| %s | %s | %s |%n", system.title(), gap(system),
                            system == understudy ? "-" : String.format("%s%.1f×", system.failover().recovered() ? "" : "≥ ",
                                    system.failover().gapMs() / Math.max(1e-9, understudy.failover().gapMs()))));
                }
                if (system.selectorFailover() != null) {
                    md.append(String.format("| %s, the active selector killed | %s%,.0f | - |%n", system.title(),
                            system.selectorFailover().recovered() ? "" : "≥ ", system.selectorFailover().gapMs()));
                }
            }
        }

        md.append("\n## Targets (issue 6)\n\n| target | measured | met |\n|---|---|---|\n");
        targets(result, md);

        md.append("\n## Egress rate around the kill\n\n");
        for (SystemResult system : result.systems()) {
            if (system.failover() != null) {
                md.append("![").append(system.title()).append("](").append(plotName(system)).append(")\n\n");
            }
        }
        return md.toString();
    }

    /** The PNG's file name for a system. */
    public static String plotName(SystemResult system) {
        return "egress-rate-" + system.key() + ".png";
    }

    private static void targets(BenchResult result, StringBuilder md) {
        SystemResult understudy = result.system(UNDERSTUDY);
        if (understudy == null) {
            md.append("| (Understudy did not run) | | |\n");
            return;
        }
        SystemResult standbyDefault = result.system(STANDBY_DEFAULT);
        SystemResult standbyTuned = result.system(STANDBY_TUNED);
        SystemResult baseline = result.system(BASELINE);
        if (understudy.failover() != null) {
            double gap = understudy.failover().gapMs();
            if (standbyDefault != null && standbyDefault.failover() != null) {
                double other = standbyDefault.failover().gapMs();
                md.append(row("failover gap ≥ 10× shorter than B (defaults)", String.format("%,.0f ms vs %,.0f ms: %.1f×",
                        gap, other, other / Math.max(1e-9, gap)), other >= 10 * gap));
            } else {
                md.append("| failover gap ≥ 10× shorter than B (defaults) | B (defaults) not run | - |\n");
            }
            if (standbyTuned != null && standbyTuned.failover() != null) {
                double other = standbyTuned.failover().gapMs();
                md.append(row("failover gap shorter than B tuned", String.format("%,.0f ms vs %,.0f ms", gap, other),
                        gap < other));
            }
            EgressCounter.Counts counts = understudy.counts();
            md.append(row("0 lost and 0 duplicated (Understudy, counted)", String.format("lost %,d, duplicated %,d%s",
                    counts.lost(), counts.duplicated(), understudy.drained() ? "" : " (not drained)"),
                    counts.lost() == 0 && counts.duplicated() == 0 && understudy.drained()));
        }
        if (baseline != null) {
            double ratio = understudy.saturation().throughput() / Math.max(1e-9, baseline.saturation().throughput());
            md.append(row("throughput ≥ 50% of A", String.format("%.0f %% (%,.0f vs %,.0f records/s)", ratio * 100,
                    understudy.saturation().throughput(), baseline.saturation().throughput()), ratio >= 0.5));
        }
        understudy.rates().stream().filter(r -> r.offeredRate() == 5_000).findFirst().ifPresentOrElse(
                r -> md.append(r.skipped() != null
                        ? row("p99 ≤ 100 ms at 5,000 records/s", "5,000/s not sustained (saturation "
                                + String.format("%,.0f", understudy.saturation().throughput()) + "/s)", false)
                        : row("p99 ≤ 100 ms at 5,000 records/s", String.format("%.1f ms", r.p99Ms()), r.p99Ms() <= 100)),
                () -> md.append("| p99 ≤ 100 ms at 5,000 records/s | 5,000/s not among the rates of this run | - |\n"));
    }

    private static String row(String target, String measured, boolean met) {
        return "| " + target + " | " + measured + " | " + (met ? "yes" : "**no**") + " |\n";
    }

    private static String gap(SystemResult system) {
        if (system.failover() == null) {
            return "-";
        }
        return String.format("%s%,.0f ms", system.failover().recovered() ? "" : "≥ ", system.failover().gapMs());
    }

    private static String ratioRow(String measure, double understudy, double baseline, String format) {
        return String.format("| %s | " + format + " | " + format + " | %.2f |%n", measure, understudy, baseline,
                understudy / Math.max(1e-9, baseline));
    }

    private static double totalCpu(SystemResult system) {
        return system.processes().stream().filter(p -> !p.name().startsWith("harness"))
                .mapToDouble(p -> Math.max(0, p.cpuAtSaturation())).sum();
    }

    private static double totalRss(SystemResult system) {
        return system.processes().stream().filter(p -> !p.name().startsWith("harness"))
                .mapToDouble(ProcessResult::peakRssMb).sum();
    }

}
