package io.understudy.bridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class BridgeConfigTest {

    private static final Map<String, Object> REQUIRED = Map.of(
            "bootstrap.servers", "127.0.0.1:9092",
            "schema.registry.url", "http://127.0.0.1:8081/apis/ccompat/v7");

    @Test
    void hasADefaultForEveryKeyButWhereKafkaAndTheRegistryAre() {
        BridgeConfig config = new BridgeConfig(REQUIRED);

        assertEquals("understudy.ingress", config.topicNames().ingress());
        assertEquals(7400, config.tcpPort());
        assertEquals("127.0.0.1", config.tcpBindHost());
        assertEquals(65536, config.tcpMaxFrameBytes());
        assertEquals(1024, config.tcpMaxConnections());
        assertEquals(4096, config.tcpMaxPendingFrames());
        assertEquals(7480, config.httpPort());
        assertEquals("127.0.0.1", config.httpBindHost());
        assertEquals(65536, config.httpMaxBodyBytes());
        assertEquals(Duration.ofSeconds(5), config.httpAckTimeout());
        assertEquals(16, config.httpThreads());
        assertEquals(Duration.ofSeconds(1), config.healthProbeInterval());
        assertEquals(Duration.ofSeconds(3), config.healthProbeTimeout());
        assertTrue(config.tcpEnabled() && config.httpEnabled());
        for (String key : BridgeConfig.CONFIG_DEF.names()) {
            assertFalse(BridgeConfig.CONFIG_DEF.configKeys().get(key).documentation.isBlank(), key + " has a doc");
        }
    }

    @Test
    void namesAMissingRequiredKey() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new BridgeConfig(Map.of("bootstrap.servers", "127.0.0.1:9092")));
        assertTrue(e.getMessage().contains("schema.registry.url"), e.getMessage());
    }

    @Test
    void refusesAnUnknownKeyInOneLineNamingItAndTheClosestKnownOne() {
        ConfigException e = assertThrows(ConfigException.class, () -> new BridgeConfig(with("tcp.prot", "1")));
        assertEquals("unknown bridge setting 'tcp.prot' (did you mean 'tcp.port'?); every key is in"
                + " docs/configuration.md", e.getMessage());
        ConfigException prefix = assertThrows(ConfigException.class,
                () -> new BridgeConfig(with("producr.compression.type", "lz4")));
        assertEquals("unknown bridge setting 'producr.compression.type' (did you mean 'producer.compression.type'?);"
                + " every key is in docs/configuration.md", prefix.getMessage());
    }

    @Test
    void anUnknownKeyIsNamedBeforeAMissingRequiredOne() {
        ConfigException e = assertThrows(ConfigException.class, () -> new BridgeConfig(Map.of(
                "bootstrap.server", "127.0.0.1:9092", "schema.registry.url", "http://127.0.0.1:8081")));
        assertEquals("unknown bridge setting 'bootstrap.server' (did you mean 'bootstrap.servers'?); every key is in"
                + " docs/configuration.md", e.getMessage());
    }

    @Test
    void passesEveryKafkaAndProducerKeyThrough() {
        BridgeConfig config = new BridgeConfig(with("kafka.client.dns.lookup", "use_all_dns_ips"));
        assertEquals("use_all_dns_ips", config.producerConfigs().get("client.dns.lookup"));
    }

    @Test
    void givesTheProducerItsSettingsAndTheBridgesPromise() {
        Map<String, Object> producer = new BridgeConfig(with("producer.compression.type", "lz4"))
                .producerConfigs();

        assertEquals("lz4", producer.get("compression.type"));
        assertEquals("127.0.0.1:9092", producer.get("bootstrap.servers"));
        assertEquals("true", producer.get("enable.idempotence"));
        assertEquals("all", producer.get("acks"));
        assertEquals("2", producer.get("linger.ms"));
        assertEquals("5", producer.get("max.in.flight.requests.per.connection"));
        assertEquals("10000", producer.get("delivery.timeout.ms"));
        assertEquals("5000", producer.get("request.timeout.ms"));
        assertEquals("1000", producer.get("max.block.ms"));
        assertEquals("understudy-ingress-bridge", producer.get("client.id"));
    }

    @Test
    void letsProducerDefaultsBeChanged() {
        Map<String, Object> producer = new BridgeConfig(with("producer.linger.ms", "0")).producerConfigs();

        assertEquals("0", producer.get("linger.ms"));
    }

    @Test
    void refusesProducerSettingsThatWouldBreakThePromise() {
        assertRefused("producer.acks", "1", "must be all");
        assertRefused("producer.enable.idempotence", "false", "must be true");
        assertRefused("producer.max.in.flight.requests.per.connection", "6", "producer.max.in.flight");
        assertRefused("producer.bootstrap.servers", "elsewhere:9092", "set bootstrap.servers instead");
        assertRefused("producer.transactional.id", "t", "not transactional");
        assertRefused("producer.value.serializer", "x", "TrafficPackets");
        new BridgeConfig(with("producer.acks", "all")); // saying it again is fine
    }

    @Test
    void refusesValuesOutOfRange() {
        assertRefused("tcp.max.frame.bytes", String.valueOf(16 * 1024 * 1024 + 1), "tcp.max.frame.bytes");
        assertRefused("tcp.port", "70000", "tcp.port");
        assertRefused("http.max.body.bytes", "0", "http.max.body.bytes");
        assertRefused("topic.prefix", "bad prefix!", "Invalid topic prefix");
    }

    @Test
    void refusesADeliveryTimeoutShorterThanLingerPlusRequestTimeout() {
        Map<String, Object> settings = with("producer.delivery.timeout.ms", "1000");
        settings.put("producer.request.timeout.ms", "1000");

        ConfigException e = assertThrows(ConfigException.class, () -> new BridgeConfig(settings));
        assertTrue(e.getMessage().contains("1002"), e.getMessage());
    }

    @Test
    void minusOneDisablesAnEndpoint() {
        BridgeConfig config = new BridgeConfig(with("http.port", "-1"));

        assertFalse(config.httpEnabled());
        assertTrue(config.tcpEnabled());
    }

    @Test
    void withReplacesKeys() {
        BridgeConfig config = new BridgeConfig(REQUIRED).with(Map.of("tcp.port", 0, "topic.prefix", "t1."));

        assertEquals(0, config.tcpPort());
        assertEquals("t1.ingress", config.topicNames().ingress());
        assertEquals("127.0.0.1:9092", config.bootstrapServers());
    }

    @Test
    void probesHealthWithTheProducersConnectionSettings() {
        Map<String, Object> admin = new BridgeConfig(with("producer.security.protocol", "PLAINTEXT"))
                .healthProbeAdminConfigs();

        assertEquals("PLAINTEXT", admin.get("security.protocol"));
        assertEquals("127.0.0.1:9092", admin.get("bootstrap.servers"));
        assertEquals("3000", admin.get("default.api.timeout.ms"));
        assertFalse(admin.containsKey("linger.ms"), "only settings an Admin client knows");
    }

    private static void assertRefused(String key, String value, String expectedInMessage) {
        ConfigException e = assertThrows(ConfigException.class, () -> new BridgeConfig(with(key, value)), key);
        assertTrue(e.getMessage().contains(expectedInMessage), e.getMessage());
    }

    private static Map<String, Object> with(String key, Object value) {
        Map<String, Object> settings = new HashMap<>(REQUIRED);
        settings.put(key, value);
        return settings;
    }
}
