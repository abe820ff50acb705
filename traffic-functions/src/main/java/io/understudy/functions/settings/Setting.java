package io.understudy.functions.settings;

import io.understudy.api.FunctionConfig;

import java.util.Objects;

/**
 * One setting of a traffic function: its key, its default (null when it is required) and what it
 * means.
 *
 * @param key          the full key, e.g. {@code function.router.table}
 * @param defaultValue the value used when the key is absent, or null if the key is required
 * @param doc          what the setting means, including its format
 */
public record Setting(String key, String defaultValue, String doc) {

    public Setting {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(doc, "doc");
    }

    public static Setting required(String key, String doc) {
        return new Setting(key, null, doc);
    }

    public static Setting optional(String key, String defaultValue, String doc) {
        return new Setting(key, Objects.requireNonNull(defaultValue, "defaultValue"), doc);
    }

    public boolean isRequired() {
        return defaultValue == null;
    }

    /** The configured value, or the default; a missing required setting is refused with its documentation. */
    public String valueIn(FunctionConfig config) {
        String value = config.settings().get(key);
        if (value != null) {
            return value.strip();
        }
        if (isRequired()) {
            throw new IllegalArgumentException("missing function setting '" + key + "': " + doc);
        }
        return defaultValue;
    }

    /** The value as a positive whole number. */
    public long positiveLongIn(FunctionConfig config) {
        String value = valueIn(config);
        try {
            long parsed = Long.parseLong(value);
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below, with the key
        }
        throw new IllegalArgumentException(
                "function setting '" + key + "' = '" + value + "' is not a positive whole number: " + doc);
    }

    /** A clear error about this setting's value. */
    public IllegalArgumentException invalid(String value, String reason) {
        return new IllegalArgumentException("function setting '" + key + "' = '" + value + "': " + reason);
    }
}
