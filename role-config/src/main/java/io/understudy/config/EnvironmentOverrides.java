package io.understudy.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.common.config.ConfigException;

/**
 * Settings from environment variables: {@code UNDERSTUDY_<KEY>} with the key upper-cased and
 * its dots written as underscores ({@code UNDERSTUDY_KAFKA_SECURITY_PROTOCOL} sets
 * {@code kafka.security.protocol}); a double underscore stands for an underscore in the key.
 *
 * <p>Only keys the role understands are taken: one shell environment serves every role (and the
 * launcher's own variables, such as {@code UNDERSTUDY_JAVA_OPTS}, share the prefix), so a variable
 * meant for another role must not be an error here. A variable that names a key of no role at all,
 * and is none of the {@link #LAUNCHER_VARIABLES}, is a typo, and refused ({@link #requireKnownVariables}).
 */
public final class EnvironmentOverrides {

    public static final String PREFIX = "UNDERSTUDY_";

    /**
     * Variables with the prefix that are not settings: the launcher's ({@code ./understudy}), the
     * test stack's, and the CI and image scripts' (compose/ci, compose/images, .ci). A script that
     * adds one must add it here, or every role refuses to start in its environment.
     */
    public static final Set<String> LAUNCHER_VARIABLES = Set.of("UNDERSTUDY_JAVA_OPTS", "UNDERSTUDY_HOME",
            "UNDERSTUDY_TEST_STACK", "UNDERSTUDY_APICURIO_HOME", "UNDERSTUDY_ENGINE", "UNDERSTUDY_ENGINE_STATE",
            "UNDERSTUDY_CI_CONTAINERS", "UNDERSTUDY_VERSION");

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

    /**
     * Refuses an environment with a {@code UNDERSTUDY_*} variable that names a key of no role (and is
     * not a launcher variable): one line naming each and the closest variable that means something.
     *
     * @param anyRole the keys of every role ({@link RoleKeys#union})
     * @throws ConfigException naming each variable and the closest known one
     */
    public static void requireKnownVariables(Map<String, String> environment, RoleKeys anyRole) {
        List<String> problems = new ArrayList<>();
        new TreeMap<>(environment).keySet().forEach(name -> {
            if (name.startsWith(PREFIX) && name.length() > PREFIX.length() && !LAUNCHER_VARIABLES.contains(name)
                    && !anyRole.accepts(keyOf(name))) {
                problems.add(name + " (did you mean " + variableOf(anyRole.closest(keyOf(name))) + "?)");
            }
        });
        if (!problems.isEmpty()) {
            throw new ConfigException("environment variable" + (problems.size() == 1 ? " " : "s ")
                    + String.join(", ", problems) + (problems.size() == 1 ? " names" : " name")
                    + " no setting of any role (every key is in docs/configuration.md; its variable is"
                    + " UNDERSTUDY_<KEY> with dots as underscores)");
        }
    }
}
