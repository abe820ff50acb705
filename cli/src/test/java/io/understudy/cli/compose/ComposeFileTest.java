package io.understudy.cli.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.understudy.cli.Main;
import io.understudy.cli.options.Role;
import io.understudy.config.ConfigFileReader;
import io.understudy.config.EnvironmentOverrides;
import io.understudy.config.LayeredSettings;
import io.understudy.schemas.topics.TopicProvisionerConfig;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine.ParseResult;

/**
 * compose/docker-compose.yml says only what the CLI understands: every understudy service's
 * command parses against the real picocli model, every UNDERSTUDY_* variable names a key of that
 * service's role, every mounted configuration file exists and holds only keys of the role, and
 * the role accepts the combined settings. (CI also runs {@code docker-compose config -q} on it.)
 */
class ComposeFileTest {

    private static final Path COMPOSE = Path.of("..", "compose");
    private static final String CONFIG_MOUNT = "/etc/understudy/";
    /** Variables of the image's entry point, not settings. */
    private static final Set<String> LAUNCHER_VARIABLES = EnvironmentOverrides.LAUNCHER_VARIABLES;
    private static final Map<String, Role> ROLES = Map.of("node", Role.NODE, "selector", Role.SELECTOR,
            "bridge", Role.BRIDGE);

    @Test
    void everyUnderstudyServiceUsesRealOptionsAndKeys() throws Exception {
        // SnakeYAML: it resolves anchors and merge keys (<<) as docker-compose does
        Map<String, Object> file;
        try (Reader in = Files.newBufferedReader(COMPOSE.resolve("docker-compose.yml"))) {
            file = new Yaml().load(in);
        }
        Map<String, Map<String, Object>> services = map(file.get("services"));
        List<String> checked = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
            Object image = service.getValue().get("image");
            if (image == null || !String.valueOf(image).startsWith("understudy:")) {
                continue;
            }
            check(service.getKey(), service.getValue());
            checked.add(service.getKey());
        }
        assertEquals(Set.of("topics", "bridge", "node-a", "node-b", "selector", "selector-2"), Set.copyOf(checked));
    }

    @SuppressWarnings("unchecked")
    private static <T> T map(Object value) {
        return (T) value;
    }

    private void check(String name, Map<String, Object> service) throws Exception {
        List<String> args = new ArrayList<>();
        List<Object> command = map(service.get("command"));
        command.forEach(arg -> args.add(String.valueOf(arg)));
        CommandLine commandLine = Main.commandLine();
        ParseResult parsed;
        try {
            parsed = commandLine.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new AssertionError(name + ": '" + String.join(" ", args) + "' is not a valid understudy command: "
                    + e.getMessage(), e);
        }
        assertTrue(parsed.hasSubcommand(), name + " runs a subcommand");
        String subcommand = parsed.subcommand().commandSpec().name();

        Map<String, String> environment = new LinkedHashMap<>();
        Map<String, Object> declared = map(service.getOrDefault("environment", Map.of()));
        declared.forEach((variable, value) -> environment.put(variable, String.valueOf(value)));
        Map<String, Object> settings = new HashMap<>();
        for (String file : parsed.subcommand().matchedOptionValue("--config", List.<Path>of()).stream()
                .map(Path::toString).toList()) {
            assertTrue(file.startsWith(CONFIG_MOUNT), name + ": config files come from the ./config mount: " + file);
            Path local = COMPOSE.resolve("config").resolve(file.substring(CONFIG_MOUNT.length()));
            assertTrue(Files.isRegularFile(local), name + ": " + local + " exists");
            settings.putAll(ConfigFileReader.read(local));
        }

        if (subcommand.equals("topics")) {
            environment.keySet().stream().filter(v -> !LAUNCHER_VARIABLES.contains(v)).forEach(variable ->
                    assertTrue(TopicProvisionerConfig.CONFIG_DEF.names().contains(EnvironmentOverrides.keyOf(variable)),
                            name + ": " + variable + " is no setting of understudy topics"));
            return;
        }
        Role role = ROLES.get(subcommand);
        if (role == null) {
            fail(name + ": unexpected subcommand " + subcommand);
        }
        settings.keySet().forEach(key -> assertTrue(role.keys().accepts(key),
                name + ": " + key + " (config file) is no key of the " + subcommand));
        environment.forEach((variable, value) -> {
            if (LAUNCHER_VARIABLES.contains(variable)) {
                return;
            }
            assertTrue(variable.startsWith(EnvironmentOverrides.PREFIX), name + ": " + variable + " is not ours");
            String key = EnvironmentOverrides.keyOf(variable);
            assertTrue(role.keys().accepts(key), name + ": " + variable + " (" + key + ") is no key of the " + subcommand);
            settings.put(key, value.replaceAll("\\$\\{[A-Z_]+:-([^}]*)}", "$1"));
        });
        if (role == Role.NODE) {
            settings.put("node.id", parsed.subcommand().matchedOptionValue("--id", ""));
        }
        role.validate(new LayeredSettings().putAll(settings, "compose " + name)); // the role accepts what compose gives it
        assertFalse(settings.isEmpty());
    }
}
