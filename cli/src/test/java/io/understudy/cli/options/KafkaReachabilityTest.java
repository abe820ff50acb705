package io.understudy.cli.options;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.cli.CommandFailure;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class KafkaReachabilityTest {

    @Test
    void anUnreachableKafkaIsOneClearLineNamingTheAddressAtOnce() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // closed again: nothing listens there
        }
        long started = System.nanoTime();
        String address = "127.0.0.1:" + port;
        CommandFailure failure = assertThrows(CommandFailure.class, () -> KafkaReachability.require(address));
        assertTrue(failure.getMessage().startsWith("cannot reach Kafka at " + address), failure.getMessage());
        assertTrue(!failure.getMessage().contains("\n"), "one line");
        assertTrue(System.nanoTime() - started < 5_000_000_000L, "at once, not after the clients' minute of retries");
    }

    @Test
    void oneReachableBootstrapServerIsEnough() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        try (ServerSocket listening = new ServerSocket(0)) {
            KafkaReachability.require("127.0.0.1:" + closed + ",127.0.0.1:" + listening.getLocalPort());
        }
        assertThrows(CommandFailure.class, () -> KafkaReachability.require("no-port-here"));
    }
}
