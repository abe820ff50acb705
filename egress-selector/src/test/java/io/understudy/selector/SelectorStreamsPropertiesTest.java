package io.understudy.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SelectorStreamsPropertiesTest {

    private static Properties properties(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of("bootstrap.servers", "127.0.0.1:9092",
                "schema.registry.url", "http://127.0.0.1:8081", "initial.primary", "a"));
        settings.putAll(extra);
        return EgressSelector.streamsProperties(new SelectorConfig(settings));
    }

    @Test
    void theProducerLingersFiveMillisecondsUnlessTold() {
        assertEquals(5, properties(Map.of()).get("producer.linger.ms"));
        assertEquals(1, properties(Map.of("producer.linger.ms", "1")).get("producer.linger.ms"));
    }

    @Test
    void aStreamsOverrideStillWins() {
        assertEquals("2", properties(Map.of("streams.producer.linger.ms", "2")).get("producer.linger.ms"));
    }
}
