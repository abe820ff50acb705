package io.understudy.cli.traffic;

/**
 * What the bridge answered to one packet.
 *
 * @param acknowledged true when Kafka has it
 * @param partition    the ingress partition it went to (acknowledged only)
 * @param offset       its ingress offset (acknowledged only)
 * @param refusal      why it was refused, or null
 */
public record Delivery(boolean acknowledged, int partition, long offset, String refusal) {

    public static Delivery acknowledged(int partition, long offset) {
        return new Delivery(true, partition, offset, null);
    }

    public static Delivery refused(String why) {
        return new Delivery(false, -1, -1, why);
    }
}
