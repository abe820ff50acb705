package io.understudy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class EnvironmentOverridesTest {

    private static final RoleKeys NODE_LIKE = new RoleKeys(Set.of("node.id", "bootstrap.servers", "my_key"),
            List.of("kafka.", "function."));

    @Test
    void variableNamesMapToKeysAndBack() {
        assertEquals("kafka.sasl.jaas.config", EnvironmentOverrides.keyOf("UNDERSTUDY_KAFKA_SASL_JAAS_CONFIG"));
        assertEquals("my_key", EnvironmentOverrides.keyOf("UNDERSTUDY_MY__KEY"));
        assertEquals("UNDERSTUDY_KAFKA_SASL_JAAS_CONFIG", EnvironmentOverrides.variableOf("kafka.sasl.jaas.config"));
        assertEquals("UNDERSTUDY_MY__KEY", EnvironmentOverrides.variableOf("my_key"));
    }

    @Test
    void onlyKeysTheRoleKnowsAreTakenWithTheirVariableAsSource() {
        LayeredSettings settings = new LayeredSettings();
        EnvironmentOverrides.apply(Map.of(
                "UNDERSTUDY_NODE_ID", "a",
                "UNDERSTUDY_KAFKA_SECURITY_PROTOCOL", "SSL",
                "UNDERSTUDY_MY__KEY", "x",
                "UNDERSTUDY_JAVA_OPTS", "-Xmx1g",        // the launcher's, not a setting
                "UNDERSTUDY_INITIAL_PRIMARY", "b",       // the selector's
                "KAFKA_SECURITY_PROTOCOL", "PLAINTEXT",  // not ours
                "UNDERSTUDY_", "empty"), NODE_LIKE, settings);

        assertEquals(Map.of("node.id", "a", "kafka.security.protocol", "SSL", "my_key", "x"), settings.values());
        assertEquals("env UNDERSTUDY_KAFKA_SECURITY_PROTOCOL", settings.sourced().get("kafka.security.protocol").source());
    }

    @Test
    void laterSourcesWin() {
        LayeredSettings settings = new LayeredSettings()
                .put("node.id", "from-file", "file f")
                .put("node.id", "from-env", "env UNDERSTUDY_NODE_ID")
                .putIfSet("node.id", null, "--id")
                .putIfSet("node.id", " ", "--id");
        assertEquals(new SourcedValue("from-env", "env UNDERSTUDY_NODE_ID"), settings.sourced().get("node.id"));
        settings.putIfSet("node.id", "flag", "--id");
        assertEquals(new SourcedValue("flag", "--id"), settings.sourced().get("node.id"));
    }

    @Test
    void aVariableForAnotherRoleOrTheLauncherIsNoErrorButOneForNoRoleIsRefusedInOneLine() {
        RoleKeys anyRole = RoleKeys.union(List.of(NODE_LIKE,
                new RoleKeys(Set.of("initial.primary", "bootstrap.servers"), List.of("kafka."))));
        EnvironmentOverrides.requireKnownVariables(Map.of(
                "UNDERSTUDY_INITIAL_PRIMARY", "b",
                "UNDERSTUDY_JAVA_OPTS", "-Xmx1g",
                "UNDERSTUDY_HOME", "/opt/understudy",
                "UNDERSTUDY_ENGINE", "podman",
                "UNDERSTUDY_KAFKA_SECURITY_PROTOCOL", "SSL",
                "KAFKA_HEAP_OPTS", "-Xmx1g"), anyRole);

        ConfigException e = assertThrows(ConfigException.class, () -> EnvironmentOverrides.requireKnownVariables(
                Map.of("UNDERSTUDY_BOOTSTRAP_SERVRS", "k:9092", "UNDERSTUDY_NODE_ID", "a"), anyRole));
        assertEquals("environment variable UNDERSTUDY_BOOTSTRAP_SERVRS (did you mean UNDERSTUDY_BOOTSTRAP_SERVERS?)"
                + " names no setting of any role (every key is in docs/configuration.md; its variable is"
                + " UNDERSTUDY_<KEY> with dots as underscores)", e.getMessage());
    }
}
