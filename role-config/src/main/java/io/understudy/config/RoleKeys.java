package io.understudy.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * The keys a role understands: the names its {@link ConfigDef} defines, and the prefixes it
 * passes through (e.g. {@code kafka.}, {@code streams.}, {@code function.}).
 *
 * <p>Every role refuses any other key ({@link #requireKnown}), wherever it came from: a typo in a
 * file or a {@code --set} must not leave a default silently in place. The refusal is one line that
 * names each unknown key and the known key closest to it.
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

    /** The keys of every role in {@code roles}: what one shell environment may name. */
    public static RoleKeys union(List<RoleKeys> roles) {
        Set<String> names = new TreeSet<>();
        Set<String> prefixes = new TreeSet<>();
        roles.forEach(role -> {
            names.addAll(role.names());
            prefixes.addAll(role.prefixes());
        });
        return new RoleKeys(names, new ArrayList<>(prefixes));
    }

    /** True if the role has this key, or passes it through. */
    public boolean accepts(String key) {
        return names.contains(key) || prefixes.stream().anyMatch(key::startsWith);
    }

    /**
     * The known key nearest to {@code key} by edit distance: a defined key, or {@code key} with its
     * first segment replaced by a pass-through prefix ({@code kafak.security.protocol} is nearest to
     * {@code kafka.security.protocol}). Ties go to the alphabetically first.
     */
    public String closest(String key) {
        List<String> candidates = new ArrayList<>(names);
        int dot = key.indexOf('.');
        String rest = dot < 0 ? key : key.substring(dot + 1);
        prefixes.forEach(prefix -> candidates.add(prefix + rest));
        return candidates.stream()
                .min(Comparator.comparingInt((String candidate) -> distance(key, candidate))
                        .thenComparing(Comparator.naturalOrder()))
                .orElse("(none)");
    }

    /**
     * Refuses {@code settings} when any key is not the role's.
     *
     * @param role e.g. {@code node}, as the message names it
     * @return {@code settings}, so that a config class can check them before it parses them
     * @throws ConfigException one line: each unknown key and the closest known one
     */
    public <M extends Map<String, ?>> M requireKnown(M settings, String role) {
        requireKnown(settings, role, key -> null);
        return settings;
    }

    /**
     * As {@link #requireKnown(Map, String)}, naming where each unknown key came from.
     *
     * @param sourceOf e.g. {@code file node.yaml} for a key, or null when unknown
     */
    public void requireKnown(Map<String, ?> settings, String role, Function<String, String> sourceOf) {
        List<String> problems = new ArrayList<>();
        new TreeSet<>(settings.keySet()).forEach(key -> {
            if (!accepts(key)) {
                String source = sourceOf.apply(key);
                problems.add("'" + key + "' (" + (source == null ? "" : "from " + source + "; ")
                        + "did you mean '" + closest(key) + "'?)");
            }
        });
        if (!problems.isEmpty()) {
            throw new ConfigException("unknown " + role + " setting" + (problems.size() == 1 ? " " : "s ")
                    + String.join(", ", problems) + "; every key is in docs/configuration.md");
        }
    }

    /** Levenshtein distance: the fewest single-character insertions, deletions and substitutions. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
