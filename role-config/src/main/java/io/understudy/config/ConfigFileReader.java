package io.understudy.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Reads a role's configuration file: a properties file, or YAML when the name ends in
 * {@code .yaml} or {@code .yml}. YAML may nest: {@code kafka: {security.protocol: SSL}} and
 * {@code kafka.security.protocol: SSL} are the same key; a list becomes a comma-separated value
 * (as Kafka's list settings take it).
 */
public final class ConfigFileReader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ConfigFileReader() {
    }

    /**
     * The file's settings as flat {@code key -> value} strings.
     *
     * @throws IllegalArgumentException when the file cannot be read or parsed, naming it and why
     */
    public static Map<String, String> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("configuration file " + file + " does not exist (or is not a file)");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml") ? readYaml(file) : readProperties(file);
    }

    private static Map<String, String> readProperties(Path file) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        properties.stringPropertyNames().stream().sorted()
                .forEach(name -> settings.put(name, properties.getProperty(name).strip()));
        return settings;
    }

    private static Map<String, String> readYaml(Path file) {
        JsonNode root;
        try (InputStream in = Files.newInputStream(file)) {
            root = YAML.readTree(in);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("configuration file " + file + " is not valid YAML: "
                    + e.getOriginalMessage() + (e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return settings; // an empty file
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("configuration file " + file + " must hold a mapping of keys to values,"
                    + " not a " + root.getNodeType().toString().toLowerCase(Locale.ROOT));
        }
        flatten(file, "", root, settings);
        return settings;
    }

    private static void flatten(Path file, String prefix, JsonNode node, Map<String, String> into) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            JsonNode value = field.getValue();
            if (value.isObject()) {
                flatten(file, key, value, into);
            } else if (value.isArray()) {
                List<String> items = new ArrayList<>();
                for (JsonNode item : value) {
                    if (item.isContainerNode()) {
                        throw new IllegalArgumentException("configuration file " + file + ": " + key
                                + " is a list of lists or mappings; a list may only hold plain values");
                    }
                    items.add(item.asText());
                }
                putOnce(file, into, key, String.join(",", items));
            } else if (value.isNull()) {
                throw new IllegalArgumentException("configuration file " + file + ": " + key
                        + " has no value; remove the key to keep its default");
            } else {
                putOnce(file, into, key, value.asText());
            }
        }
    }

    private static void putOnce(Path file, Map<String, String> into, String key, String value) {
        if (into.putIfAbsent(key, value) != null) {
            throw new IllegalArgumentException("configuration file " + file + " sets " + key
                    + " twice (once nested, once with dots)");
        }
    }
}
