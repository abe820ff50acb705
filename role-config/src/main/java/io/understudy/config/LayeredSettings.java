package io.understudy.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A role's settings built up source by source, lowest precedence first: a later {@link #put}
 * of a key replaces the earlier value and its source. Not thread-safe; built once at start.
 */
public final class LayeredSettings {

    /** Where a value given by no source comes from, in {@link #describe}. */
    public static final String DEFAULT_SOURCE = "default";

    private final Map<String, SourcedValue> values = new LinkedHashMap<>();

    /** Sets {@code key} from {@code source}, replacing what a lower source said. */
    public LayeredSettings put(String key, Object value, String source) {
        values.put(key, new SourcedValue(value, source));
        return this;
    }

    /** As {@link #put}, unless value is null or blank (a flag that was not given). */
    public LayeredSettings putIfSet(String key, Object value, String source) {
        if (value != null && !String.valueOf(value).isBlank()) {
            put(key, value, source);
        }
        return this;
    }

    /** Every value of {@code from}, each with its own source. */
    public LayeredSettings putAll(Map<String, ?> from, String source) {
        from.forEach((key, value) -> put(key, value, source));
        return this;
    }

    /** The values, for the role's config class. */
    public Map<String, Object> values() {
        Map<String, Object> plain = new LinkedHashMap<>();
        values.forEach((key, sourced) -> plain.put(key, sourced.value()));
        return plain;
    }

    /** The values with their sources, in the order they were first set. */
    public Map<String, SourcedValue> sourced() {
        return Collections.unmodifiableMap(values);
    }

    public boolean contains(String key) {
        return values.containsKey(key);
    }
}
