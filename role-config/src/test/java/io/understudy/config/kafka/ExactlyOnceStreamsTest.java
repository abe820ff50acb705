package io.understudy.config.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ExactlyOnceStreamsTest {

    @Test
    void exactlyOnceV2WithTheCommitIntervalTheLingerAndAShortRetryBackoff() {
        Properties props = ExactlyOnceStreams.properties("understudy-node-a", 20L, 5);
        assertEquals(Map.of(
                "application.id", "understudy-node-a",
                "processing.guarantee", "exactly_once_v2",
                "commit.interval.ms", 20L,
                "producer.linger.ms", 5,
                "producer.retry.backoff.ms", 5,
                "producer.retry.backoff.max.ms", 50), Map.copyOf(props));
    }
}
