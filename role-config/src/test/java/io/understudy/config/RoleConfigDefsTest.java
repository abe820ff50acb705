package io.understudy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class RoleConfigDefsTest {

    private static final ConfigDef COMMON = RoleConfigDefs.withCommonKeys(new ConfigDef());
    private static final Map<String, String> CLUSTER = Map.of("bootstrap.servers", "k1:9092,k2:9092",
            "schema.registry.url", "http://registry:8080/apis/ccompat/v7");

    @Test
    void definesTheKeysEveryRoleSharesEachWithADoc() {
        assertEquals(List.of("bootstrap.servers", "schema.registry.url", "topic.prefix", "metrics.port",
                "metrics.bind.host"), List.copyOf(COMMON.configKeys().keySet()));
        ConfigDef transactional = RoleConfigDefs.withTransactionKeys(new ConfigDef());
        assertEquals(List.of("commit.interval.ms", "producer.linger.ms"),
                List.copyOf(transactional.configKeys().keySet()));
        COMMON.configKeys().values().forEach(key -> assertFalse(key.documentation.isBlank(), key.name));
        transactional.configKeys().values().forEach(key -> assertFalse(key.documentation.isBlank(), key.name));
    }

    @Test
    void whereTheClusterAndTheRegistryAreHasNoDefault() {
        ConfigException noCluster = assertThrows(ConfigException.class,
                () -> new AbstractConfig(COMMON, Map.of("schema.registry.url", "http://r")));
        assertTrue(noCluster.getMessage().contains("bootstrap.servers"), noCluster.getMessage());
        ConfigException noRegistry = assertThrows(ConfigException.class,
                () -> new AbstractConfig(COMMON, Map.of("bootstrap.servers", "k:9092")));
        assertTrue(noRegistry.getMessage().contains("schema.registry.url"), noRegistry.getMessage());
    }

    @Test
    void everythingElseHasADefault() {
        AbstractConfig config = new AbstractConfig(RoleConfigDefs.withTransactionKeys(
                RoleConfigDefs.withCommonKeys(new ConfigDef())), CLUSTER);
        assertEquals("understudy.", config.getString("topic.prefix"));
        assertEquals("0", config.getString("metrics.port"));
        assertEquals("127.0.0.1", config.getString("metrics.bind.host"));
        assertEquals(20L, config.getLong("commit.interval.ms"));
        assertEquals(5, config.getInt("producer.linger.ms"));
    }

    @Test
    void refusesATopicPrefixKafkaWouldNotTakeAndABadMetricsPort() {
        ConfigException prefix = assertThrows(ConfigException.class,
                () -> new AbstractConfig(COMMON, with("topic.prefix", "my prefix.")));
        assertTrue(prefix.getMessage().contains("topic.prefix") && prefix.getMessage().contains("my prefix."),
                prefix.getMessage());
        ConfigException port = assertThrows(ConfigException.class,
                () -> new AbstractConfig(COMMON, with("metrics.port", "70000")));
        assertTrue(port.getMessage().contains("metrics.port"), port.getMessage());
        assertEquals("disabled", new AbstractConfig(COMMON, with("metrics.port", "disabled"))
                .getString("metrics.port"));
    }

    private static Map<String, String> with(String key, String value) {
        Map<String, String> settings = new java.util.HashMap<>(CLUSTER);
        settings.put(key, value);
        return settings;
    }
}
