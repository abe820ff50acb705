package io.understudy.cli.local;

import io.understudy.cli.CommandRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a person sees when `understudy local` cannot start: one line that says what to do, exit code 1. */
class LocalCommandFailuresTest {

    @Test
    void aTakenBrokerPortNamesTheOptionToChange(@TempDir Path temp) throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int port = taken.getLocalPort();
            CommandRun run = run("local", "--broker-port", String.valueOf(port), "--registry-port", "0", "--data-dir", temp.toString());
            assertEquals(1, run.exitCode());
            assertEquals("understudy: port " + port + " on 127.0.0.1 is already in use, so the Kafka broker cannot listen there:"
                    + " stop whatever holds it, or choose another port with --broker-port (0 picks a free one)" + System.lineSeparator(), run.err());
            assertEquals("", run.out());
        }
    }

    @Test
    void aTakenRegistryPortNamesTheOptionToChange(@TempDir Path temp) throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            CommandRun run = run("local", "--broker-port", "0", "--registry-port", String.valueOf(taken.getLocalPort()), "--data-dir", temp.toString());
            assertEquals(1, run.exitCode());
            assertTrue(run.err().contains("so the schema registry cannot listen there"), run.err());
            assertTrue(run.err().contains("with --registry-port"), run.err());
            assertEquals(1, run.err().lines().count(), run.err());
        }
    }

    @Test
    void anUnwritableDataDirectoryIsOneLine(@TempDir Path temp) throws Exception {
        Path file = Files.writeString(temp.resolve("a-file"), "x");
        CommandRun run = run("local", "--broker-port", "0", "--registry-port", "0", "--data-dir", file.resolve("data").toString());
        assertEquals(1, run.exitCode());
        assertEquals("understudy: cannot write to the data directory " + file.resolve("data") + " (a file that is not a directory"
                + " is in the way: " + file + "): choose a directory you can write to (--data-dir)" + System.lineSeparator(), run.err());
    }

    @Test
    void verboseAddsTheStackTrace(@TempDir Path temp) throws Exception {
        Path file = Files.writeString(temp.resolve("a-file"), "x");
        CommandRun run = run("local", "--verbose", "--broker-port", "0", "--registry-port", "0", "--data-dir", file.resolve("data").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().lines().count() > 3, run.err());
        assertTrue(run.err().contains("at io.understudy.cli.local.LocalCommand"), run.err());
    }

    @Test
    void badTopicSettingsAreRefusedBeforeStartingAnything() {
        assertEquals("understudy: --partitions must be at least 1, got 0" + System.lineSeparator(), run("local", "--partitions", "0").err());
        assertTrue(run("local", "--nodes", "a,b c").err().startsWith("understudy: Invalid node id 'b c'"));
        assertTrue(run("local", "--prefix", "no spaces").err().startsWith("understudy: Invalid topic prefix 'no spaces'"));
    }

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }
}
