package io.understudy.cli.options;

import io.understudy.bridge.config.BridgeConfig;
import io.understudy.config.LayeredSettings;
import io.understudy.config.RoleKeys;
import io.understudy.node.NodeConfig;
import io.understudy.selector.SelectorConfig;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;

/** The long-running roles, each with the keys it understands and the check its settings must pass. */
public enum Role {

    NODE(NodeConfig.CONFIG_DEF, NodeConfig.keys(), settings -> new NodeConfig(settings)),
    SELECTOR(SelectorConfig.CONFIG_DEF, SelectorConfig.keys(), settings -> new SelectorConfig(settings)),
    BRIDGE(BridgeConfig.CONFIG_DEF, BridgeConfig.keys(), settings -> new BridgeConfig(settings));

    private final ConfigDef definition;
    private final RoleKeys keys;
    private final Consumer<Map<String, Object>> validation;

    Role(ConfigDef definition, RoleKeys keys, Consumer<Map<String, Object>> validation) {
        this.definition = definition;
        this.keys = keys;
        this.validation = validation;
    }

    /** As on the command line: node, selector, bridge. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public ConfigDef definition() {
        return definition;
    }

    public RoleKeys keys() {
        return keys;
    }

    /** The keys of every role: what a variable of the shared shell environment may name. */
    public static RoleKeys anyRoleKeys() {
        return RoleKeys.union(Arrays.stream(values()).map(Role::keys).toList());
    }

    /**
     * The settings' values, once every key is known to the role.
     *
     * @throws org.apache.kafka.common.config.ConfigException one line naming each unknown key, where it
     *         came from (file, --set, environment) and the closest known key
     */
    public Map<String, Object> knownValues(LayeredSettings settings) {
        keys.requireKnown(settings.values(), cliName(), key -> settings.sourced().get(key).source());
        return settings.values();
    }

    /**
     * Builds the role's config class from the settings, as the role does when it starts.
     *
     * @throws org.apache.kafka.common.config.ConfigException (or IllegalArgumentException) saying what is wrong
     */
    public void validate(LayeredSettings settings) {
        validation.accept(knownValues(settings));
    }

    public static Role of(String name) {
        return Arrays.stream(values()).filter(r -> r.cliName().equals(name.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown role '" + name + "'; the roles are "
                        + Arrays.stream(values()).map(Role::cliName).collect(Collectors.joining(", "))));
    }
}
