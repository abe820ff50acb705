package io.understudy.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.node.internals.processing.NodeStores;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class NodeConfigTest {

    private static final Map<String, Object> REQUIRED = Map.of("node.id", "a",
            "bootstrap.servers", "k1:9092", "schema.registry.url", "http://registry:8080/apis/ccompat/v7");

    @Test
    void refusesAnUnknownKeyInOneLineNamingItAndTheClosestKnownOne() {
        ConfigException e = assertThrows(ConfigException.class, () -> new NodeConfig(with("state.stor", "rocksdb")));
        assertEquals("unknown node setting 'state.stor' (did you mean 'state.store'?); every key is in"
                + " docs/configuration.md", e.getMessage());
        ConfigException selectorKey = assertThrows(ConfigException.class,
                () -> new NodeConfig(with("failure.timeout.ms", "300")));
        assertTrue(selectorKey.getMessage().startsWith("unknown node setting 'failure.timeout.ms'"),
                selectorKey.getMessage());
    }

    @Test
    void keysUnderFunctionKafkaAndStreamsAreFreeForm() {
        Map<String, Object> settings = new HashMap<>(REQUIRED);
        settings.put("function.routes", "10.0.0.0/8=a");
        settings.put("kafka.client.dns.lookup", "use_all_dns_ips");
        settings.put("streams.num.standby.replicas", "0");
        NodeConfig config = new NodeConfig(settings);

        assertEquals("10.0.0.0/8=a", config.functionConfig().get("function.routes", "unset"));
        assertEquals("use_all_dns_ips", config.kafkaClientSettings().get("client.dns.lookup"));
        assertEquals(Map.of("num.standby.replicas", "0"), config.streamsOverrides());
    }

    @Test
    void whereTheClusterAndTheRegistryAreIsRequired() {
        Map<String, Object> settings = new HashMap<>(REQUIRED);
        settings.remove("bootstrap.servers");
        ConfigException e = assertThrows(ConfigException.class, () -> new NodeConfig(settings));
        assertTrue(e.getMessage().contains("bootstrap.servers"), e.getMessage());
    }

    @Test
    void stateStoreNamesAKindOfStore() {
        assertEquals(NodeStores.Kind.IN_MEMORY, new NodeConfig(REQUIRED).stateStore());
        assertEquals(NodeStores.Kind.PERSISTENT, new NodeConfig(with("state.store", "rocksdb")).stateStore());
        ConfigException e = assertThrows(ConfigException.class, () -> new NodeConfig(with("state.store", "disk")));
        assertTrue(e.getMessage().contains("state.store"), e.getMessage());
    }

    @Test
    void streamsRunExactlyOnceWithTheNodesOwnSettingsAndStreamsOverridesLast() {
        Map<String, Object> settings = new HashMap<>(with("topic.prefix", "t1."));
        settings.put("commit.interval.ms", "30");
        settings.put("producer.linger.ms", "7");
        settings.put("kafka.security.protocol", "SSL");
        settings.put("streams.num.stream.threads", "3");
        settings.put("state.dir", "/tmp/understudy-state");
        Properties props = UnderstudyNode.streamsProperties(new NodeConfig(settings));

        assertEquals("t1-node-a", props.get("application.id"));
        assertEquals("t1-node-a", props.get("consumer.group.instance.id"));
        assertEquals("exactly_once_v2", props.get("processing.guarantee"));
        assertEquals(30L, props.get("commit.interval.ms"));
        assertEquals(7, props.get("producer.linger.ms"));
        assertEquals(5, props.get("producer.retry.backoff.ms"));
        assertEquals("SSL", props.get("security.protocol"));
        assertEquals("k1:9092", props.get("bootstrap.servers"));
        assertEquals("3", props.get("num.stream.threads"));
        assertEquals(-1L, props.get("max.task.idle.ms"));
        assertEquals(Path.of("/tmp/understudy-state", "node-a").toString(), props.get("state.dir"));
        assertEquals(0, props.get("num.standby.replicas"));
    }

    @Test
    void oneInstanceByDefaultNamedLikeTheNodeAsBefore() {
        NodeConfig config = new NodeConfig(with("state.dir", "/s"));
        assertEquals("a", config.instanceId());
        assertEquals(false, config.namedInstance());
        Properties props = UnderstudyNode.streamsProperties(config);
        assertEquals("understudy-node-a", props.get("application.id"));
        assertEquals("understudy-node-a", props.get("consumer.group.instance.id"));
        assertEquals(Path.of("/s", "node-a").toString(), props.get("state.dir"));
    }

    @Test
    void instancesOfANodeShareItsApplicationButNotTheirMembershipNorTheirStateDirectory() {
        Map<String, Object> settings = new HashMap<>(with("state.dir", "/s"));
        settings.put("instance.id", "a2");
        settings.put("num.standby.replicas", "1");
        NodeConfig config = new NodeConfig(settings);
        assertEquals("a2", config.instanceId());
        Properties props = UnderstudyNode.streamsProperties(config);
        assertEquals("understudy-node-a", props.get("application.id"));
        assertEquals("understudy-node-a.a2", props.get("consumer.group.instance.id"));
        assertEquals(Path.of("/s", "node-a.a2").toString(), props.get("state.dir"));
        assertEquals(1, props.get("num.standby.replicas"));
    }

    @Test
    void anInstanceOfSeveralHeartbeatsThroughARebalanceANodeOfOneInstanceDoesNot() {
        assertTrue(UnderstudyNode.processing(org.apache.kafka.streams.KafkaStreams.State.RUNNING, false));
        assertEquals(false, UnderstudyNode.processing(org.apache.kafka.streams.KafkaStreams.State.REBALANCING, false));
        assertTrue(UnderstudyNode.processing(org.apache.kafka.streams.KafkaStreams.State.REBALANCING, true));
        assertEquals(false, UnderstudyNode.processing(org.apache.kafka.streams.KafkaStreams.State.PENDING_SHUTDOWN, true));
    }

    @Test
    void refusesAnInstanceIdThatIsNotAnId() {
        ConfigException e = assertThrows(ConfigException.class, () -> new NodeConfig(with("instance.id", "a/1")));
        assertEquals("Invalid value a/1 for configuration instance.id: an instance id is 1 to 64 letters, digits, '-'"
                + " or '_'", e.getMessage());
    }

    private static Map<String, Object> with(String key, Object value) {
        Map<String, Object> settings = new HashMap<>(REQUIRED);
        settings.put(key, value);
        return settings;
    }
}
