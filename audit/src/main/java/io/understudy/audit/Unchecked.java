package io.understudy.audit;

/**
 * A part of the requested range the audit could not check, and why (retention deleted what it
 * needs, or the selector has not emitted it yet).
 *
 * @param partition  ingress partition
 * @param fromOffset first ingress offset concerned
 * @param toOffset   last ingress offset concerned (inclusive), or -1 when open-ended
 * @param what       which checks were not made
 * @param reason     why
 */
public record Unchecked(int partition, long fromOffset, long toOffset, String what, String reason) {

    public String describe() {
        return "p" + partition + " ingress offsets " + fromOffset + ".." + (toOffset < 0 ? "end" : Long.toString(toOffset))
                + ": " + what + " not checked: " + reason;
    }
}
