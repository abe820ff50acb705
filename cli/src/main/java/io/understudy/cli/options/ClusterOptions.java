package io.understudy.cli.options;

import io.understudy.config.ConfigFileReader;
import io.understudy.config.EnvironmentOverrides;
import io.understudy.config.LayeredSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import picocli.CommandLine.Option;

/**
 * Where the cluster is, and the role's settings, as every long-running role takes them.
 *
 * <p>Precedence, lowest first: each key's default; the configuration files ({@code --config},
 * properties or YAML, later files winning); environment variables {@code UNDERSTUDY_<KEY>} (dots
 * as underscores, e.g. {@code UNDERSTUDY_KAFKA_SECURITY_PROTOCOL}; only keys the role knows, and a
 * variable that names a key of no role is refused); {@code --set key=value}; the named flags. A key
 * the role does not know is refused, from whichever source ({@link Role#knownValues}).
 */
public final class ClusterOptions {

    public static final String PRECEDENCE = "default < --config files (in order) < env UNDERSTUDY_<KEY> < --set < flags";

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (default: env UNDERSTUDY_BOOTSTRAP_SERVERS, else the config file).")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL",
            description = "Confluent-compatible schema registry URL (default: env UNDERSTUDY_SCHEMA_REGISTRY_URL, else the config file).")
    String schemaRegistryUrl;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", description = "Prefix of every Understudy topic (default: understudy.).")
    String topicPrefix;

    @Option(names = "--config", paramLabel = "FILE", description = "A file with this role's settings: properties, or YAML"
            + " (.yaml/.yml, nesting allowed). Repeatable; a later file wins.")
    List<Path> configFiles = new ArrayList<>();

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Any setting of this role (repeatable); every key is in docs/configuration.md.")
    Map<String, String> overrides = new LinkedHashMap<>();

    /** The role's settings after applying every source in order of precedence, each with its source. */
    public LayeredSettings settings(Role role) {
        return settings(role, System.getenv());
    }

    /**
     * As {@link #settings(Role)}, with the given environment.
     *
     * @throws org.apache.kafka.common.config.ConfigException when a {@code UNDERSTUDY_*} variable names a
     *         key of no role (a variable for another role is left alone)
     */
    public LayeredSettings settings(Role role, Map<String, String> environment) {
        EnvironmentOverrides.requireKnownVariables(environment, Role.anyRoleKeys());
        return settings(role.keys()::accepts, environment);
    }

    /** The settings of a command that is not a role: the environment gives only the keys it accepts. */
    public LayeredSettings settings(Predicate<String> accepts) {
        return settings(accepts, System.getenv());
    }

    private LayeredSettings settings(Predicate<String> accepts, Map<String, String> environment) {
        LayeredSettings settings = new LayeredSettings();
        for (Path file : configFiles) {
            settings.putAll(ConfigFileReader.read(file), "file " + file);
        }
        EnvironmentOverrides.apply(environment, accepts, settings);
        settings.putAll(overrides, "--set");
        settings.putIfSet("bootstrap.servers", bootstrapServers, "--bootstrap-servers");
        settings.putIfSet("schema.registry.url", schemaRegistryUrl, "--schema-registry-url");
        settings.putIfSet("topic.prefix", topicPrefix, "--topic-prefix");
        return settings;
    }
}
