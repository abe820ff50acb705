package io.understudy.cli.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.understudy.config.LayeredSettings;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ClusterOptionsTest {

    @Test
    void aVariableForAnotherRoleIsLeftAloneAndTheRolesOwnIsTaken() {
        ClusterOptions options = new ClusterOptions();
        LayeredSettings settings = options.settings(Role.NODE, Map.of(
                "UNDERSTUDY_NODE_ID", "a",
                "UNDERSTUDY_INITIAL_PRIMARY", "b",      // the selector's
                "UNDERSTUDY_TCP_PORT", "7400",          // the bridge's
                "UNDERSTUDY_JAVA_OPTS", "-Xmx1g"));     // the launcher's
        assertEquals(Map.of("node.id", "a"), settings.values());
    }

    @Test
    void aVariableThatNamesNoRolesKeyIsRefusedInOneLine() {
        ClusterOptions options = new ClusterOptions();
        ConfigException e = assertThrows(ConfigException.class, () -> options.settings(Role.SELECTOR, Map.of(
                "UNDERSTUDY_FAILURE_TIMEOUT", "300")));
        assertEquals("environment variable UNDERSTUDY_FAILURE_TIMEOUT (did you mean UNDERSTUDY_FAILURE_TIMEOUT_MS?)"
                + " names no setting of any role (every key is in docs/configuration.md; its variable is"
                + " UNDERSTUDY_<KEY> with dots as underscores)", e.getMessage());
    }

    @Test
    void anUnknownKeyIsNamedWithItsSource() {
        ClusterOptions options = new ClusterOptions();
        options.overrides.put("shard", "2");
        LayeredSettings settings = options.settings(Role.SELECTOR, Map.of());
        ConfigException e = assertThrows(ConfigException.class, () -> Role.SELECTOR.knownValues(settings));
        assertEquals("unknown selector setting 'shard' (from --set; did you mean 'shards'?); every key is in"
                + " docs/configuration.md", e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
