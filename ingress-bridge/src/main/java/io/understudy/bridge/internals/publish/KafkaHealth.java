package io.understudy.bridge.internals.publish;

import java.time.Instant;
import java.util.Objects;

/**
 * Whether the bridge can reach Kafka, judged by its latest evidence: a health probe or a send.
 *
 * @param reachable true when the latest evidence was a success
 * @param detail    what that evidence was, e.g. why Kafka is unreachable
 * @param observedAt when it was observed
 */
public record KafkaHealth(boolean reachable, String detail, Instant observedAt) {

    public KafkaHealth {
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(observedAt, "observedAt");
    }

    static KafkaHealth up(String detail) {
        return new KafkaHealth(true, detail, Instant.now());
    }

    static KafkaHealth down(String detail) {
        return new KafkaHealth(false, detail, Instant.now());
    }
}
