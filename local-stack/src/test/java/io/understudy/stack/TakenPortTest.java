package io.understudy.stack;

import io.understudy.stack.kafka.BrokerOptions;
import io.understudy.stack.kafka.EmbeddedKafkaBroker;
import io.understudy.stack.net.PortInUseException;
import io.understudy.stack.registry.ApicurioRegistryProcess;
import io.understudy.stack.registry.RegistryOptions;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A port held by someone else fails at once, with a message that names the port and the component. */
class TakenPortTest {

    @Test
    void brokerOnATakenPort() throws Exception {
        try (ServerSocket taken = occupy()) {
            PortInUseException e = assertThrows(PortInUseException.class,
                    () -> EmbeddedKafkaBroker.start(BrokerOptions.defaults().withPort(taken.getLocalPort())));
            assertEquals(taken.getLocalPort(), e.port());
            assertEquals("port " + taken.getLocalPort() + " on 127.0.0.1 is already in use, so the Kafka broker cannot listen there:"
                    + " stop whatever holds it, or choose another port (0 picks a free one)", e.getMessage());
        }
    }

    @Test
    void registryOnATakenPort() throws Exception {
        try (ServerSocket taken = occupy()) {
            PortInUseException e = assertThrows(PortInUseException.class,
                    () -> ApicurioRegistryProcess.start(RegistryOptions.defaults().withPort(taken.getLocalPort())));
            assertEquals(ApicurioRegistryProcess.PORT_PURPOSE, e.purpose());
        }
    }

    @Test
    void localStackChecksBothPortsBeforeStartingAnything() throws Exception {
        try (ServerSocket taken = occupy()) {
            PortInUseException e = assertThrows(PortInUseException.class,
                    () -> LocalStack.start(LocalStackOptions.defaults().withRegistryPort(taken.getLocalPort())));
            assertEquals(ApicurioRegistryProcess.PORT_PURPOSE, e.purpose());
            assertEquals(taken.getLocalPort(), e.port());
        }
    }

    private static ServerSocket occupy() throws Exception {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        return socket;
    }
}
