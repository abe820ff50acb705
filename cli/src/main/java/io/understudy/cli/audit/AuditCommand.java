package io.understudy.cli.audit;

import io.understudy.audit.Audit;
import io.understudy.audit.AuditInputs;
import io.understudy.audit.AuditRange;
import io.understudy.audit.AuditReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code understudy audit}: proves the egress topic right, or lists what is wrong with it. */
@Command(name = "audit",
        description = "Checks the egress topic against the ingress and leadership topics: for every ingress record in"
                + " the range, each output the traffic function produces when the ingress log is replayed from its start"
                + " must be in egress exactly once, in order, from the leader of its epoch, and equal. Prints a table"
                + " and the violations with their lineage; exit code 0 only when there is none.")
public final class AuditCommand implements Callable<Integer> {

    @Mixin
    AuditSource source;

    @Option(names = "--partition", paramLabel = "N", description = "Audit only this ingress partition (repeatable; default: all).")
    List<Integer> partitions = new ArrayList<>();

    @Option(names = "--from", paramLabel = "OFFSET", defaultValue = "0",
            description = "First ingress offset to check (default ${DEFAULT-VALUE}). The replay still starts at the log's first record.")
    long from;

    @Option(names = "--to", paramLabel = "OFFSET", defaultValue = "-1",
            description = "Last ingress offset to check, inclusive (default: the end of each partition).")
    long to;

    @Option(names = "--allow-pending", description = "Tolerate outputs of the latest ingress records that the selector has"
            + " not emitted yet (auditing a live system); without it they count as violations.")
    boolean allowPending;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON to FILE ('-' for standard output).")
    Path json;

    @Option(names = "--max-listed", defaultValue = "100", description = "Violations listed in the report (all are counted; default ${DEFAULT-VALUE}).")
    int maxListed;

    @Override
    public Integer call() throws Exception {
        AuditRange range = AuditSource.range(from, to, allowPending);
        AuditReport report = run(range);
        boolean jsonToStdout = json != null && json.toString().equals("-");
        report.printTable(jsonToStdout ? System.err : System.out);
        if (jsonToStdout) {
            System.out.println(report.toJson());
        } else if (json != null) {
            Files.writeString(json, report.toJson(), StandardCharsets.UTF_8);
            System.out.println("JSON report: " + json.toAbsolutePath());
        }
        return report.clean() ? 0 : 1;
    }

    AuditReport run(AuditRange range) {
        try (AuditInputs inputs = source.open()) {
            return Audit.run(inputs, partitions, range, maxListed);
        }
    }
}
