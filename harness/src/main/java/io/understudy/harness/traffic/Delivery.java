package io.understudy.harness.traffic;

/**
 * What the bridge answered to one packet.
 *
 * @param acknowledged true when Kafka has it
 * @param partition    the ingress partition it went to (acknowledged only)
 * @param offset       its ingress offset (acknowledged only)
 * @param refusal      why it was refused, or null
 * @param attempts     how many times the endpoint sent it (more than 1 only for a link that retries):
 *                     an earlier attempt that got no answer may have reached Kafka too
 */
public record Delivery(boolean acknowledged, int partition, long offset, String refusal, int attempts) {

    public Delivery(boolean acknowledged, int partition, long offset, String refusal) {
        this(acknowledged, partition, offset, refusal, 1);
    }

    public static Delivery acknowledged(int partition, long offset) {
        return new Delivery(true, partition, offset, null);
    }

    public static Delivery refused(String why) {
        return new Delivery(false, -1, -1, why);
    }

    /** This answer, reached after {@code count} attempts. */
    public Delivery afterAttempts(int count) {
        return new Delivery(acknowledged, partition, offset, refusal, count);
    }

    /** True when the packet was sent more than once before this answer. */
    public boolean retried() {
        return attempts > 1;
    }
}
