package io.understudy.cli.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.cli.CommandRun;
import io.understudy.stack.net.LoopbackPorts;
import org.junit.jupiter.api.Test;

/** Bad options are usage errors (exit 2) that say what is wrong; an unreachable bridge is a clear failure (exit 1). */
class TrafficCommandTest {

    @Test
    void anUnknownFunctionNamesTheKnownOnes() {
        CommandRun run = CommandRun.of("traffic", "--function", "firewall");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("passthrough, router, security-engine"), run.err());
    }

    @Test
    void theSecurityEngineNeedsTheNodesPublicKey() {
        CommandRun run = CommandRun.of("traffic", "--function", "security-engine");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("needs --key-file"), run.err());
    }

    @Test
    void anUnreadableKeyFileIsNamed() {
        CommandRun run = CommandRun.of("traffic", "--function", "security-engine", "--key-file", "no/such/node.pub");
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.err().contains("no/such/node.pub"), run.err());
    }

    @Test
    void numbersOutOfRangeAreRefused() {
        assertEquals(2, CommandRun.of("traffic", "--rate", "0").exitCode());
        assertEquals(2, CommandRun.of("traffic", "--flows", "-1").exitCode());
        CommandRun run = CommandRun.of("traffic", "--payload-size", "70000");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--payload-size must be 1..65000"), run.err());
        assertEquals(2, CommandRun.of("traffic", "--transport", "udp").exitCode());
        assertEquals(2, CommandRun.of("traffic", "--bridge", "localhost").exitCode());
    }

    @Test
    void anUnreachableBridgeSaysWhereItWasLookedFor() {
        int port = LoopbackPorts.pickFree(); // nothing listens there
        CommandRun tcp = CommandRun.of("traffic", "--bridge", "127.0.0.1:" + port, "--duration", "1");
        assertEquals(1, tcp.exitCode(), tcp.err());
        assertTrue(tcp.err().contains("cannot reach the ingress bridge at tcp://127.0.0.1:" + port), tcp.err());

        CommandRun http = CommandRun.of("traffic", "--transport", "http", "--bridge", "127.0.0.1:" + port, "--duration", "1");
        assertEquals(1, http.exitCode(), http.err());
        assertTrue(http.err().contains("cannot reach the ingress bridge at http://127.0.0.1:" + port), http.err());
    }
}
