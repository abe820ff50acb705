package io.understudy.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * What an audit found: counts per partition, the violations with their lineage (the first ones, all
 * counted), and what could not be checked. Printed as a table for people and as JSON for tools.
 *
 * @param range              the ingress offsets checked
 * @param partitions         the counts of each partition
 * @param violations         the violations listed (at most the checker's limit)
 * @param unchecked          what could not be checked, and why
 * @param leadershipConflicts contradictions within the leadership log
 */
public record AuditReport(AuditRange range, List<PartitionSummary> partitions, List<Violation> violations,
                          List<Unchecked> unchecked, long leadershipConflicts) {

    public AuditReport {
        partitions = List.copyOf(partitions);
        violations = List.copyOf(violations);
        unchecked = List.copyOf(unchecked);
    }

    public long total(ToLongFunction<PartitionSummary> count) {
        return partitions.stream().mapToLong(count).sum();
    }

    public long total(Violation.Kind kind) {
        return kind == Violation.Kind.LEADERSHIP ? leadershipConflicts : total(p -> p.count(kind));
    }

    public long totalViolations() {
        return total(PartitionSummary::totalViolations) + leadershipConflicts
                + (range.allowPending() ? 0 : total(PartitionSummary::pending));
    }

    /** Nothing wrong: what the exit code says. */
    public boolean clean() {
        return totalViolations() == 0;
    }

    public void printTable(PrintStream out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(header());
        rows.add(row("ingress records checked", PartitionSummary::ingressChecked));
        rows.add(row("  dropped by the function", PartitionSummary::drops));
        rows.add(row("outputs expected (replay)", PartitionSummary::expectedOutputs));
        rows.add(row("egress records checked", PartitionSummary::egressChecked));
        rows.add(row("outputs found once, equal", PartitionSummary::matched));
        rows.add(row("gaps (missing)", p -> p.count(Violation.Kind.GAP)));
        rows.add(row("duplicates", p -> p.count(Violation.Kind.DUPLICATE)));
        rows.add(row("reordered", p -> p.count(Violation.Kind.REORDERED)));
        rows.add(row("wrong leader", p -> p.count(Violation.Kind.WRONG_LEADER)));
        rows.add(row("content mismatches", p -> p.count(Violation.Kind.MISMATCH)));
        rows.add(row("unexpected egress", p -> p.count(Violation.Kind.UNEXPECTED)));
        rows.add(row("undecodable egress", p -> p.count(Violation.Kind.UNDECODABLE_EGRESS)));
        rows.add(row("pending (not emitted yet)", PartitionSummary::pending));
        rows.add(row("not checkable (retention)", PartitionSummary::unchecked));
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        String rule = rule(widths);
        out.println(rule);
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder line = new StringBuilder("|");
            for (int c = 0; c < widths.length; c++) {
                String cell = rows.get(r)[c];
                line.append(' ').append(c == 0 ? pad(cell, widths[c], false) : pad(cell, widths[c], true)).append(" |");
            }
            out.println(line);
            if (r == 0) {
                out.println(rule);
            }
        }
        out.println(rule);
        if (leadershipConflicts > 0) {
            out.println("leadership log contradictions: " + leadershipConflicts);
        }
        for (Unchecked gap : unchecked) {
            out.println("NOT CHECKED " + gap.describe());
        }
        for (Violation violation : violations) {
            out.println(violation.describe());
        }
        long listed = violations.size();
        long all = total(PartitionSummary::totalViolations) + leadershipConflicts;
        if (all > listed) {
            out.println("... and " + (all - listed) + " more violation(s) (see --max-listed)");
        }
        out.printf("RESULT %s violations=%d gaps=%d duplicates=%d reordered=%d wrong_leader=%d mismatches=%d"
                        + " unexpected=%d pending=%d%n", clean() ? "CLEAN" : "VIOLATIONS", totalViolations(),
                total(Violation.Kind.GAP), total(Violation.Kind.DUPLICATE), total(Violation.Kind.REORDERED),
                total(Violation.Kind.WRONG_LEADER), total(Violation.Kind.MISMATCH), total(Violation.Kind.UNEXPECTED),
                total(PartitionSummary::pending));
    }

    /** The report as JSON: range, totals, each partition's counts, violations and what was not checked. */
    public String toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("clean", clean());
        root.put("range", Map.of("fromOffset", range.fromOffset(), "toOffset", range.toOffset(),
                "allowPending", range.allowPending()));
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("ingressChecked", total(PartitionSummary::ingressChecked));
        totals.put("drops", total(PartitionSummary::drops));
        totals.put("expectedOutputs", total(PartitionSummary::expectedOutputs));
        totals.put("egressChecked", total(PartitionSummary::egressChecked));
        totals.put("matched", total(PartitionSummary::matched));
        totals.put("pending", total(PartitionSummary::pending));
        totals.put("unchecked", total(PartitionSummary::unchecked));
        for (Violation.Kind kind : Violation.Kind.values()) {
            totals.put(kind.name(), total(kind));
        }
        totals.put("violations", totalViolations());
        root.put("totals", totals);
        root.put("partitions", partitions);
        root.put("violations", violations);
        root.put("unchecked", unchecked);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String[] header() {
        String[] row = new String[partitions.size() + 2];
        row[0] = "ingress " + range.describe();
        for (int i = 0; i < partitions.size(); i++) {
            row[i + 1] = "p" + partitions.get(i).partition();
        }
        row[row.length - 1] = "total";
        return row;
    }

    private String[] row(String label, ToLongFunction<PartitionSummary> count) {
        String[] row = new String[partitions.size() + 2];
        row[0] = label;
        for (int i = 0; i < partitions.size(); i++) {
            row[i + 1] = String.format("%,d", count.applyAsLong(partitions.get(i)));
        }
        row[row.length - 1] = String.format("%,d", total(count));
        return row;
    }

    private static String rule(int[] widths) {
        StringBuilder rule = new StringBuilder("+");
        for (int width : widths) {
            rule.append("-".repeat(width + 2)).append('+');
        }
        return rule.toString();
    }

    private static String pad(String text, int width, boolean right) {
        String fill = " ".repeat(width - text.length());
        return right ? fill + text : text + fill;
    }
}
