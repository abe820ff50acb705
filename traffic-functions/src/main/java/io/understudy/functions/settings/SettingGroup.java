package io.understudy.functions.settings;

import io.understudy.api.FunctionConfig;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * All settings of one traffic function, under one key prefix (e.g. {@code function.router.}).
 * A key under the prefix that is not declared is refused: a typo must not silently fall back to a
 * default on one node and not on another.
 *
 * @param prefix   the key prefix every setting of the function starts with
 * @param settings the declared settings
 */
public record SettingGroup(String prefix, List<Setting> settings) {

    public SettingGroup {
        settings = List.copyOf(settings);
        for (Setting setting : settings) {
            if (!setting.key().startsWith(prefix)) {
                throw new IllegalArgumentException("setting " + setting.key() + " is not under " + prefix);
            }
        }
    }

    /** Refuses keys under the prefix that are not declared, naming them and the known ones. */
    public void rejectUnknownKeys(FunctionConfig config) {
        Set<String> known = settings.stream().map(Setting::key).collect(Collectors.toSet());
        Set<String> unknown = new TreeSet<>();
        for (String key : config.settings().keySet()) {
            if (key.startsWith(prefix) && !known.contains(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown function setting(s) " + unknown + "; known under '"
                    + prefix + "': " + new TreeSet<>(known));
        }
    }

    /** One line per setting: key, default, doc — for help texts and the README. */
    public String describe() {
        return settings.stream()
                .map(s -> s.key() + " (" + (s.isRequired() ? "required" : "default " + s.defaultValue()) + "): " + s.doc())
                .collect(Collectors.joining("\n"));
    }
}
