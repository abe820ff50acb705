package io.understudy.config;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The keys a role understands: the names its {@link ConfigDef} defines, and the prefixes it
 * passes through (e.g. {@code kafka.}, {@code streams.}, {@code function.}).
 *
 * @param names    every defined key
 * @param prefixes every pass-through prefix, each ending with a dot
 */
public record RoleKeys(Set<String> names, List<String> prefixes) {

    public RoleKeys {
        names = Set.copyOf(new TreeSet<>(names));
        prefixes = List.copyOf(prefixes);
    }

    public static RoleKeys of(ConfigDef definition, String... prefixes) {
        return new RoleKeys(definition.names(), List.of(prefixes));
    }

    /** True if the role has this key, or passes it through. */
    public boolean accepts(String key) {
        return names.contains(key) || prefixes.stream().anyMatch(key::startsWith);
    }
}
