package io.understudy.audit;

/**
 * The ingress offsets to check, the same on every partition audited.
 *
 * @param fromOffset     first ingress offset to check
 * @param toOffset       last ingress offset to check (inclusive), or -1 for the end of each partition
 * @param allowPending   whether outputs the selector has not emitted yet (past the last ingress offset
 *                       seen on egress) are tolerated (a live system) rather than counted as gaps
 */
public record AuditRange(long fromOffset, long toOffset, boolean allowPending) {

    public AuditRange {
        if (fromOffset < 0) {
            throw new IllegalArgumentException("the first offset must be 0 or more, not " + fromOffset);
        }
        if (toOffset >= 0 && toOffset < fromOffset) {
            throw new IllegalArgumentException("the range " + fromOffset + ".." + toOffset + " is empty");
        }
    }

    public static AuditRange everything() {
        return new AuditRange(0, -1, false);
    }

    public boolean contains(long offset) {
        return offset >= fromOffset && (toOffset < 0 || offset <= toOffset);
    }

    public String describe() {
        return fromOffset + ".." + (toOffset < 0 ? "end" : Long.toString(toOffset));
    }
}
