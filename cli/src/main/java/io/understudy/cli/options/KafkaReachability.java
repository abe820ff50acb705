package io.understudy.cli.options;

import io.understudy.cli.CommandFailure;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A command's first look at Kafka: can any bootstrap server be reached at all? Kafka's clients
 * retry an unreachable broker for a minute and log a warning at each try; a person who mistyped
 * the address deserves one line at once instead.
 */
public final class KafkaReachability {

    private static final int CONNECT_TIMEOUT_MS = 3_000;

    private KafkaReachability() {
    }

    /**
     * @throws CommandFailure naming the addresses when none of them accepts a TCP connection
     */
    public static void require(String bootstrapServers) {
        List<String> failures = new ArrayList<>();
        for (String server : bootstrapServers.split(",")) {
            String address = server.trim();
            int colon = address.lastIndexOf(':');
            if (address.isEmpty() || colon < 0) {
                failures.add(address + " (not host:port)");
                continue;
            }
            String host = address.substring(0, colon).replace("[", "").replace("]", "");
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, Integer.parseInt(address.substring(colon + 1))), CONNECT_TIMEOUT_MS);
                return;
            } catch (IOException | NumberFormatException e) {
                failures.add(address + " (" + e.getMessage() + ")");
            }
        }
        throw new CommandFailure("cannot reach Kafka at " + String.join(", ", failures)
                + ": check --bootstrap-servers (or bootstrap.servers) and that the brokers run");
    }
}
