package io.understudy.cli.options;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * Where the cluster is, and the role's settings, as every long-running role takes them.
 *
 * <p>Precedence, lowest first: the role's configuration file ({@code --config}), environment
 * variables {@code UNDERSTUDY_BOOTSTRAP_SERVERS} / {@code UNDERSTUDY_SCHEMA_REGISTRY_URL}, then
 * {@code --set key=value}, then the named flags.
 */
public final class ClusterOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (default: env UNDERSTUDY_BOOTSTRAP_SERVERS, else the config file).")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL",
            description = "Confluent-compatible schema registry URL (default: env UNDERSTUDY_SCHEMA_REGISTRY_URL, else the config file).")
    String schemaRegistryUrl;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", description = "Prefix of every Understudy topic (default: understudy.).")
    String topicPrefix;

    @Option(names = "--config", paramLabel = "FILE", description = "A properties file with this role's settings.")
    Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Any setting of this role (repeatable); see the README.")
    Map<String, String> overrides = new LinkedHashMap<>();

    /** The role's settings after applying every source in order of precedence. */
    public Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        if (configFile != null) {
            settings.putAll(load(configFile));
        }
        putIfSet(settings, "bootstrap.servers", System.getenv("UNDERSTUDY_BOOTSTRAP_SERVERS"));
        putIfSet(settings, "schema.registry.url", System.getenv("UNDERSTUDY_SCHEMA_REGISTRY_URL"));
        settings.putAll(overrides);
        putIfSet(settings, "bootstrap.servers", bootstrapServers);
        putIfSet(settings, "schema.registry.url", schemaRegistryUrl);
        putIfSet(settings, "topic.prefix", topicPrefix);
        return settings;
    }

    private static void putIfSet(Map<String, Object> settings, String key, String value) {
        if (value != null && !value.isBlank()) {
            settings.put(key, value);
        }
    }

    private static Map<String, String> load(Path file) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(name -> settings.put(name, properties.getProperty(name)));
        return settings;
    }
}
