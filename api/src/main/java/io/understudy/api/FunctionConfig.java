package io.understudy.api;

import java.util.Map;
import java.util.TreeMap;

/**
 * A traffic function's static configuration: string settings (from the node's configuration
 * file, keys under {@code function.}) and the fingerprint of the whole, which is part of the
 * node's static information. Settings holding secrets should be referenced by file path and
 * contribute only their fingerprint.
 *
 * @param settings the settings, sorted by key
 */
public record FunctionConfig(Map<String, String> settings) {

    public FunctionConfig {
        settings = java.util.Collections.unmodifiableMap(new TreeMap<>(settings));
    }

    public static FunctionConfig empty() {
        return new FunctionConfig(Map.of());
    }

    public String get(String key, String defaultValue) {
        return settings.getOrDefault(key, defaultValue);
    }

    public String require(String key) {
        String value = settings.get(key);
        if (value == null) {
            throw new IllegalArgumentException("missing function setting '" + key + "'");
        }
        return value;
    }
}
