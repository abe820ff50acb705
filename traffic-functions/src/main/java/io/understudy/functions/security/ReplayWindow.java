package io.understudy.functions.security;

/**
 * A 64-packet sliding anti-replay window, as in IPsec (RFC 4303 section 3.4.3) and DTLS: the
 * highest sequence number accepted so far and a bitmap of which of the 64 numbers up to it were
 * accepted. Checking comes before authentication and accepting after it, so a forged packet
 * never moves the window.
 *
 * @param highest the highest sequence number accepted, or -1 before the first
 * @param seen    bit i set = sequence number {@code highest - i} was accepted
 */
public record ReplayWindow(long highest, long seen) {

    public static final int SIZE = 64;
    public static final ReplayWindow EMPTY = new ReplayWindow(-1, 0);

    /** What the window says about a sequence number. */
    public enum Verdict { FRESH, REPLAY, TOO_OLD }

    public Verdict check(long sequence) {
        if (sequence > highest) {
            return Verdict.FRESH;
        }
        long behind = highest - sequence;
        if (behind >= SIZE) {
            return Verdict.TOO_OLD;
        }
        return (seen & (1L << behind)) != 0 ? Verdict.REPLAY : Verdict.FRESH;
    }

    /** The window after accepting a sequence number that {@link #check} found fresh. */
    public ReplayWindow accept(long sequence) {
        if (sequence > highest) {
            long shift = sequence - highest;
            return new ReplayWindow(sequence, shift >= SIZE ? 1L : (seen << shift) | 1L);
        }
        return new ReplayWindow(highest, seen | (1L << (highest - sequence)));
    }
}
