package io.understudy.bench.report;

import io.understudy.bench.harness.BenchResult;
import io.understudy.bench.harness.SystemResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a run's report.md, report.json and plots into its results folder. */
public final class ResultsFolder {

    private ResultsFolder() {
    }

    public static void write(BenchResult result, Path dir) throws IOException {
        Files.createDirectories(dir);
        MarkdownReport.write(result, dir.resolve("report.md"));
        JsonReport.write(result, dir.resolve("report.json"));
        for (SystemResult system : result.systems()) {
            if (system.failover() != null) {
                RatePlot.write(system.title(), system.failover(), dir.resolve(MarkdownReport.plotName(system)));
            }
        }
    }
}
