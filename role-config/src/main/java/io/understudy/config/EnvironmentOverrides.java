package io.understudy.config;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Settings from environment variables: {@code UNDERSTUDY_<KEY>} with the key upper-cased and
 * its dots written as underscores ({@code UNDERSTUDY_KAFKA_SECURITY_PROTOCOL} sets
 * {@code kafka.security.protocol}); a double underscore stands for an underscore in the key.
 *
 * <p>Only keys the role understands are taken: one shell environment serves every role (and the
 * launcher's own variables, such as {@code UNDERSTUDY_JAVA_OPTS}, share the prefix), so a variable
 * meant for another role must not be an error here.
 */
public final class EnvironmentOverrides {

    public static final String PREFIX = "UNDERSTUDY_";

    private EnvironmentOverrides() {
    }

    /** The setting key a variable name stands for, e.g. {@code UNDERSTUDY_NODE_ID -> node.id}. */
    public static String keyOf(String variable) {
        String rest = variable.substring(PREFIX.length()).toLowerCase(Locale.ROOT);
        return rest.replace("__", "\u0000").replace('_', '.').replace('\u0000', '_');
    }

    /** The variable that sets {@code key}, e.g. {@code kafka.sasl.jaas.config -> UNDERSTUDY_KAFKA_SASL_JAAS_CONFIG}. */
    public static String variableOf(String key) {
        return PREFIX + key.replace("_", "__").replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /**
     * Adds to {@code settings} every variable of {@code environment} that names a key of the role,
     * sorted by name so the outcome never depends on the environment's order.
     */
    public static void apply(Map<String, String> environment, RoleKeys keys, LayeredSettings settings) {
        apply(environment, keys::accepts, settings);
    }

    /** As above, for keys that {@code accepts} takes. */
    public static void apply(Map<String, String> environment, Predicate<String> accepts, LayeredSettings settings) {
        new TreeMap<>(environment).forEach((name, value) -> {
            if (name.startsWith(PREFIX) && name.length() > PREFIX.length()) {
                String key = keyOf(name);
                if (accepts.test(key)) {
                    settings.put(key, value, "env " + name);
                }
            }
        });
    }
}
