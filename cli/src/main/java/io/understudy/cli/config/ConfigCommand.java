package io.understudy.cli.config;

import io.understudy.cli.options.ClusterOptions;
import io.understudy.cli.options.Role;
import io.understudy.config.LayeredSettings;
import io.understudy.config.SecretMasking;
import io.understudy.config.SourcedValue;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code understudy config --print --role R}: every setting of a role as it would start with the
 * same files, environment and flags, with the source of each value and secrets masked. Exit code 1
 * when the role would refuse these settings (the reason is printed).
 *
 * <p>{@code understudy config --doc}: the configuration reference of every role, generated from the
 * roles' definitions ({@link ConfigReference}), as committed in {@code docs/configuration.md}.
 */
@Command(name = "config",
        description = "Shows a role's effective configuration: every key, its value and where it comes from"
                + " (precedence: " + ClusterOptions.PRECEDENCE + "), with secrets masked. Exit code 1 if the role"
                + " would refuse it. With --doc: the reference of every role's keys, as in docs/configuration.md.")
public final class ConfigCommand implements Callable<Integer> {

    /** The action: one of them. */
    static final class Action {
        @Option(names = "--print", required = true, description = "Print the effective configuration of --role.")
        boolean print;

        @Option(names = "--doc", required = true,
                description = "Print the configuration reference of every role (Markdown; docs/configuration.md).")
        boolean doc;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Action action;

    @Option(names = "--role", paramLabel = "ROLE", description = "node, selector or bridge (with --print).")
    String role;

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (action.doc) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(ConfigReference.markdown());
            out.flush();
            return 0;
        }
        if (role == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--role=ROLE' (with --print)");
        }
        Role chosen = Role.of(role);
        LayeredSettings settings = cluster.settings(chosen);
        PrintWriter out = spec.commandLine().getOut();
        List<String[]> rows = rows(chosen, settings);
        int keyWidth = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        int valueWidth = Math.min(48, rows.stream().mapToInt(r -> r[1].length()).max().orElse(0));
        out.printf("# %s configuration (precedence: %s)%n", chosen.cliName(), ClusterOptions.PRECEDENCE);
        for (String[] row : rows) {
            out.printf("%-" + keyWidth + "s = %-" + valueWidth + "s  # %s%n", row[0], row[1], row[2]);
        }
        try {
            chosen.validate(settings);
        } catch (RuntimeException e) {
            out.printf("# INVALID: %s%n", e.getMessage());
            out.flush();
            return 1;
        }
        out.flush();
        return 0;
    }

    /** key, shown value, source: every defined key (set or default), then pass-through and unknown keys that are set. */
    static List<String[]> rows(Role role, LayeredSettings settings) {
        Map<String, SourcedValue> set = settings.sourced();
        Map<String, String[]> rows = new TreeMap<>();
        role.definition().configKeys().forEach((name, key) -> {
            SourcedValue given = set.get(name);
            if (given != null) {
                rows.put(name, new String[] {name, SecretMasking.shown(name, given.value()), given.source()});
            } else if (key.hasDefault()) {
                rows.put(name, new String[] {name, SecretMasking.shown(name, key.defaultValue),
                        LayeredSettings.DEFAULT_SOURCE});
            } else {
                rows.put(name, new String[] {name, "(not set)", "required"});
            }
        });
        set.forEach((name, given) -> {
            if (!rows.containsKey(name)) {
                String source = role.keys().accepts(name) ? given.source()
                        : given.source() + "; UNKNOWN to the " + role.cliName();
                rows.put(name, new String[] {name, SecretMasking.shown(name, given.value()), source});
            }
        });
        return new ArrayList<>(rows.values());
    }

}
