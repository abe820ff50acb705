package io.understudy.stack.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/** Free ports on 127.0.0.1, and a check that a chosen one can be bound. */
public final class LoopbackPorts {

    /** The only address the local stack binds to. */
    public static final String HOST = "127.0.0.1";

    private LoopbackPorts() {
    }

    /**
     * A port that was free a moment ago. Another process may take it before the caller binds it;
     * for the local stack on a developer machine that race is rare enough to accept.
     */
    public static int pickFree() {
        try (ServerSocket socket = new ServerSocket()) {
            // no SO_REUSEADDR: a port in TIME_WAIT is not offered
            socket.bind(new InetSocketAddress(loopback(), 0), 1);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + HOST, e);
        }
    }

    /** {@code port} itself if positive and free, a free port if {@code port} is 0. */
    public static int resolve(int port, String purpose) {
        if (port == 0) {
            return pickFree();
        }
        requireFree(port, purpose);
        return port;
    }

    /**
     * Fails with {@link PortInUseException} if {@code port} cannot be bound on 127.0.0.1.
     *
     * @param purpose what would listen there, for the message ("Kafka broker", "schema registry")
     */
    public static void requireFree(int port, String purpose) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port for the " + purpose + " must be 1..65535 (or 0 for any free port), got " + port);
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // the servers bind with SO_REUSEADDR too: TIME_WAIT is no conflict
            socket.bind(new InetSocketAddress(loopback(), port), 1);
        } catch (IOException e) {
            throw new PortInUseException(port, purpose);
        }
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(HOST, new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new AssertionError("a literal address cannot be unknown", e);
        }
    }
}
