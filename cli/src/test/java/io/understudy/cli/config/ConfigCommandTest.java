package io.understudy.cli.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.cli.CommandRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCommandTest {

    @TempDir
    Path dir;

    @Test
    void printsEveryValueWithItsSourceAndMasksSecrets() throws IOException {
        Path yaml = Files.writeString(dir.resolve("selector.yaml"), """
                initial.primary: a
                failure.timeout.ms: 500
                kafka:
                  security.protocol: SASL_SSL
                  sasl.jaas.config: org.apache.kafka.common.security.scram.ScramLoginModule required username="sel" password="p4ss";
                  ssl.truststore.password: changeit
                """);
        Path later = Files.writeString(dir.resolve("override.properties"), "failure.timeout.ms=400\n");

        CommandRun run = CommandRun.of("config", "--print", "--role", "selector", "--config", yaml.toString(),
                "--config", later.toString(), "--set", "check.interval.ms=10", "--bootstrap-servers", "k1:9093",
                "--schema-registry-url", "http://r1:8080");

        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertEquals(Optional.of("a # file " + yaml), line(run, "initial.primary"));
        assertEquals(Optional.of("400 # file " + later), line(run, "failure.timeout.ms"));
        assertEquals(Optional.of("10 # --set"), line(run, "check.interval.ms"));
        assertEquals(Optional.of("k1:9093 # --bootstrap-servers"), line(run, "bootstrap.servers"));
        assertEquals(Optional.of("5000 # default"), line(run, "stall.timeout.ms"));
        assertEquals(Optional.of("SASL_SSL # file " + yaml), line(run, "kafka.security.protocol"));
        assertEquals(Optional.of("******** # file " + yaml), line(run, "kafka.sasl.jaas.config"));
        assertEquals(Optional.of("******** # file " + yaml), line(run, "kafka.ssl.truststore.password"));
        assertFalse(run.out().contains("p4ss") || run.out().contains("changeit"), run.out());
    }

    @Test
    void settingsTheRoleWouldRefuseExitWithOneAndSayWhy() {
        CommandRun run = CommandRun.of("config", "--print", "--role", "bridge", "--set", "tcp.port=99999",
                "--set", "no.such.key=1");

        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertEquals(Optional.of("(not set) # required"), line(run, "bootstrap.servers"));
        assertTrue(line(run, "no.such.key").orElseThrow().contains("UNKNOWN to the bridge"), run.out());
        assertTrue(run.out().contains("# INVALID:"), run.out());
    }

    @Test
    void aTypoInAFileIsRefusedInOneLineNamingTheFileAndTheClosestKey() throws IOException {
        Path yaml = Files.writeString(dir.resolve("node.yaml"), "state.stor: rocksdb\n");

        CommandRun run = CommandRun.of("config", "--print", "--role", "node", "--config", yaml.toString(),
                "--set", "node.id=a", "--bootstrap-servers", "k1:9093", "--schema-registry-url", "http://r1:8080");

        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("# INVALID: unknown node setting 'state.stor' (from file " + yaml
                + "; did you mean 'state.store'?); every key is in docs/configuration.md\n"), run.out());
    }

    @Test
    void everyRoleRefusesATypoInASet() {
        for (String role : new String[] {"node", "selector", "bridge"}) {
            CommandRun run = CommandRun.of("config", "--print", "--role", role, "--set", "node.id=a",
                    "--set", "metrics.prot=0", "--bootstrap-servers", "k1:9093", "--schema-registry-url", "http://r1");
            assertEquals(1, run.exitCode(), role + ": " + run.out() + run.err());
            assertTrue(run.out().contains("unknown " + role + " setting")
                    && run.out().contains("'metrics.prot' (from --set; did you mean 'metrics.port'?)"), run.out());
        }
    }

    @Test
    void anUnknownRoleIsAClearError() {
        CommandRun run = CommandRun.of("config", "--print", "--role", "router");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("unknown role 'router'"), run.err());
    }

    /** "value # source" of the key's line, spaces squeezed. */
    private static Optional<String> line(CommandRun run, String key) {
        return Arrays.stream(run.out().split("\n"))
                .filter(l -> l.startsWith(key + " ") || l.startsWith(key + "="))
                .map(l -> l.substring(l.indexOf('=') + 1).strip().replaceAll("\\s+", " "))
                .findFirst();
    }
}
