package io.understudy.schemas.topics;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the topics whose retention is a deployment choice keep their records.
 *
 * @param ingress    how long the ingress topic keeps packets, for audit replay; negative for ever
 * @param heartbeats how long heartbeats are kept; only the latest few matter
 */
public record TopicRetention(Duration ingress, Duration heartbeats) {

    /** Default ingress retention: a week. */
    public static final Duration DEFAULT_INGRESS = Duration.ofDays(7);

    /** Default heartbeat retention: an hour. */
    public static final Duration DEFAULT_HEARTBEATS = Duration.ofHours(1);

    public TopicRetention {
        Objects.requireNonNull(ingress, "ingress");
        Objects.requireNonNull(heartbeats, "heartbeats");
        if (heartbeats.isNegative() || heartbeats.isZero()) {
            throw new IllegalArgumentException("Heartbeat retention must be positive, was " + heartbeats);
        }
    }

    /** A week of ingress, an hour of heartbeats. */
    public static TopicRetention defaults() {
        return new TopicRetention(DEFAULT_INGRESS, DEFAULT_HEARTBEATS);
    }

    /** The ingress retention as a {@code retention.ms} value ({@code -1} for ever). */
    String ingressRetentionMs() {
        return ingress.isNegative() ? "-1" : Long.toString(ingress.toMillis());
    }

    /** The heartbeat retention as a {@code retention.ms} value. */
    String heartbeatsRetentionMs() {
        return Long.toString(heartbeats.toMillis());
    }
}
