package io.understudy.audit;

import java.util.EnumMap;
import java.util.Map;

/**
 * The counts of one audited partition.
 *
 * @param partition       the partition
 * @param ingressChecked  ingress records in the range that were replayed and checked
 * @param expectedOutputs outputs the replay produced for them (each must be in egress exactly once)
 * @param drops           of those records, how many the function dropped (no output expected)
 * @param egressChecked   egress records in the range
 * @param matched         outputs found exactly once and equal to the replay
 * @param pending         outputs past the last ingress offset the selector has emitted (not yet in egress)
 * @param unchecked       outputs or records the audit could not check (see the report's unchecked list)
 * @param violations      violations by kind
 */
public record PartitionSummary(int partition, long ingressChecked, long expectedOutputs, long drops, long egressChecked,
                               long matched, long pending, long unchecked, Map<Violation.Kind, Long> violations) {

    public PartitionSummary {
        EnumMap<Violation.Kind, Long> copy = new EnumMap<>(Violation.Kind.class);
        for (Violation.Kind kind : Violation.Kind.values()) {
            copy.put(kind, violations.getOrDefault(kind, 0L));
        }
        violations = java.util.Collections.unmodifiableMap(copy);
    }

    public long count(Violation.Kind kind) {
        return violations.get(kind);
    }

    public long totalViolations() {
        return violations.values().stream().mapToLong(Long::longValue).sum();
    }
}
