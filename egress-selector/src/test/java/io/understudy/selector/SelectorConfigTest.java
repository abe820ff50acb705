package io.understudy.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class SelectorConfigTest {

    private static final Map<String, Object> REQUIRED = Map.of(
            "bootstrap.servers", "k1:9092", "schema.registry.url", "http://registry:8080/apis/ccompat/v7");

    @Test
    void refusesAnUnknownKeyInOneLineNamingItAndTheClosestKnownOne() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new SelectorConfig(with("failure.timeout", "300")));
        assertEquals("unknown selector setting 'failure.timeout' (did you mean 'failure.timeout.ms'?); every key is in"
                + " docs/configuration.md", e.getMessage());
        ConfigException nodeKey = assertThrows(ConfigException.class,
                () -> new SelectorConfig(with("streams.num.standby.replicas", "1")));
        assertTrue(nodeKey.getMessage().startsWith("unknown selector setting 'streams.num.standby.replicas'"),
                nodeKey.getMessage());
    }

    @Test
    void keysUnderKafkaAreFreeForm() {
        SelectorConfig config = new SelectorConfig(with("kafka.client.dns.lookup", "use_all_dns_ips"));
        assertEquals("use_all_dns_ips", config.kafkaClientSettings().get("client.dns.lookup"));
        assertEquals("k1:9092", config.kafkaClientSettings().get("bootstrap.servers"));
    }

    @Test
    void whereTheClusterAndTheRegistryAreIsRequiredAndTheRestHasDefaults() {
        Map<String, Object> settings = new HashMap<>(REQUIRED);
        settings.remove("schema.registry.url");
        ConfigException e = assertThrows(ConfigException.class, () -> new SelectorConfig(settings));
        assertTrue(e.getMessage().contains("schema.registry.url"), e.getMessage());

        SelectorConfig config = new SelectorConfig(REQUIRED);
        assertEquals("understudy.egress", config.topicNames().egress());
        assertEquals(Duration.ofMillis(20), config.checkInterval());
        assertEquals(20L, config.getLong(SelectorConfig.COMMIT_INTERVAL_MS_CONFIG));
        assertEquals("1", config.instanceId());
    }

    @Test
    void theComparisonWindowIsASettingOfItsOwnAndAtLeastOneOffset() {
        assertEquals(65_536L, new SelectorConfig(REQUIRED).policy().digestWindowOffsets());
        assertEquals(4_096L, new SelectorConfig(with("digest.window.offsets", "4096")).policy().digestWindowOffsets());
        ConfigException e = assertThrows(ConfigException.class, () -> new SelectorConfig(with("digest.window.offsets", "0")));
        assertTrue(e.getMessage().contains("digest.window.offsets"), e.getMessage());
    }

    private static Map<String, Object> with(String key, Object value) {
        Map<String, Object> settings = new HashMap<>(REQUIRED);
        settings.put(key, value);
        return settings;
    }
}
