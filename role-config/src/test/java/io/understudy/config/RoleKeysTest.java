package io.understudy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class RoleKeysTest {

    private static final RoleKeys NODE_LIKE = new RoleKeys(
            Set.of("node.id", "bootstrap.servers", "schema.registry.url", "state.store", "state.dir", "function"),
            List.of("function.", "kafka.", "streams."));

    @Test
    void levenshteinCountsInsertionsDeletionsAndSubstitutions() {
        assertEquals(0, RoleKeys.distance("state.dir", "state.dir"));
        assertEquals(1, RoleKeys.distance("bootstrap.server", "bootstrap.servers"));
        assertEquals(1, RoleKeys.distance("state.stire", "state.store"));
        assertEquals(2, RoleKeys.distance("kafak", "kafka"));
        assertEquals(3, RoleKeys.distance("", "abc"));
        assertEquals(3, RoleKeys.distance("kitten", "sitting"));
    }

    @Test
    void theClosestKeyIsADefinedKeyOrThePassThroughPrefixTheTypoWasMeantFor() {
        assertEquals("bootstrap.servers", NODE_LIKE.closest("bootstrap.server"));
        assertEquals("state.store", NODE_LIKE.closest("state.stor"));
        assertEquals("kafka.security.protocol", NODE_LIKE.closest("kafak.security.protocol"));
        assertEquals("streams.num.standby.replicas", NODE_LIKE.closest("stream.num.standby.replicas"));
    }

    @Test
    void acceptsDefinedKeysAndEveryKeyUnderAPassThroughPrefix() {
        Map<String, Object> settings = Map.of("node.id", "a", "function", "router", "function.anything.at.all", "1",
                "kafka.security.protocol", "SSL", "streams.num.standby.replicas", "0");
        assertSame(settings, NODE_LIKE.requireKnown(settings, "node"));
    }

    @Test
    void refusesAnUnknownKeyInOneLineNamingItAndTheClosestKnownOne() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> NODE_LIKE.requireKnown(Map.of("node.id", "a", "bootstrap.server", "k:9092"), "node"));
        assertEquals("unknown node setting 'bootstrap.server' (did you mean 'bootstrap.servers'?);"
                + " every key is in docs/configuration.md", e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void namesEveryUnknownKeyAndWhereEachCameFrom() {
        Map<String, Object> settings = new TreeMap<>(Map.of("state.stor", "rocksdb", "kafak.security.protocol", "SSL",
                "node.id", "a"));
        Map<String, String> sources = Map.of("state.stor", "file node.yaml", "kafak.security.protocol", "--set");
        ConfigException e = assertThrows(ConfigException.class,
                () -> NODE_LIKE.requireKnown(settings, "node", sources::get));
        assertEquals("unknown node settings 'kafak.security.protocol' (from --set; did you mean"
                + " 'kafka.security.protocol'?), 'state.stor' (from file node.yaml; did you mean 'state.store'?);"
                + " every key is in docs/configuration.md", e.getMessage());
    }

    @Test
    void theUnionOfRolesAcceptsWhatAnyOfThemAccepts() {
        RoleKeys bridgeLike = new RoleKeys(Set.of("tcp.port", "bootstrap.servers"), List.of("kafka.", "producer."));
        RoleKeys any = RoleKeys.union(List.of(NODE_LIKE, bridgeLike));
        assertTrue(any.accepts("tcp.port") && any.accepts("node.id") && any.accepts("producer.acks")
                && any.accepts("streams.x"));
        assertFalse(any.accepts("tcp.prot"));
    }
}
