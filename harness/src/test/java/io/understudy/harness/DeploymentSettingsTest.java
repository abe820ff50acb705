package io.understudy.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.understudy.node.NodeConfig;
import io.understudy.selector.SelectorConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** The demo's and the benchmark's {@code --set} settings reach each role that knows them, and only it. */
class DeploymentSettingsTest {

    private static final Map<String, String> SETTINGS = new LinkedHashMap<>(Map.of(
            "commit.interval.ms", "50",
            "stall.timeout.ms", "600000",
            "streams.num.standby.replicas", "0",
            "kafka.client.dns.lookup", "use_all_dns_ips"));

    @Test
    void eachRoleGetsTheKeysItKnows() {
        assertEquals(Map.of("commit.interval.ms", "50", "streams.num.standby.replicas", "0",
                "kafka.client.dns.lookup", "use_all_dns_ips"), Deployment.only(NodeConfig.keys(), SETTINGS));
        assertEquals(Map.of("commit.interval.ms", "50", "stall.timeout.ms", "600000",
                "kafka.client.dns.lookup", "use_all_dns_ips"), Deployment.only(SelectorConfig.keys(), SETTINGS));
    }

    @Test
    void aKeyNeitherKnowsIsRefused() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Deployment.only(NodeConfig.keys(), Map.of("stall.timeout", "1")));
        assertEquals("unknown node or selector setting 'stall.timeout' (did you mean 'stall.timeout.ms'?);"
                + " every key is in docs/configuration.md", e.getMessage());
    }
}
