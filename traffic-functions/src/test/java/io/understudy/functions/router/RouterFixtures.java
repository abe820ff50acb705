package io.understudy.functions.router;

import io.understudy.api.FunctionConfig;
import io.understudy.api.Packet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A routing table file and a router configuration for tests (also the node processor's). */
public final class RouterFixtures {

    public static final String TABLE = """
            # test routes
            10.0.0.0/8      hop-a
            10.1.0.0/16     hop-b
            10.1.2.0/24     hop-c
            10.1.2.3/32     hop-host
            192.168.0.0/16  hop-lan   # trailing comment
            """;

    static final long IDLE_TIMEOUT_MS = 5_000;

    private RouterFixtures() {
    }

    public static Path writeTable(String text) {
        try {
            Path file = Files.createTempFile("routes", ".txt");
            file.toFile().deleteOnExit();
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The test table, NAT pool 192.0.2.0/28 ports 1024-65535, idle timeout 5 s, plus overrides. */
    public static FunctionConfig config(Path table, String... overrides) {
        Map<String, String> settings = new HashMap<>();
        settings.put("function.router.table", table.toString());
        settings.put("function.router.idle-timeout-ms", Long.toString(IDLE_TIMEOUT_MS));
        for (int i = 0; i < overrides.length; i += 2) {
            settings.put(overrides[i], overrides[i + 1]);
        }
        return new FunctionConfig(settings);
    }

    public static FiveTuple tcp(String source, int sourcePort, String destination, int destinationPort) {
        return new FiveTuple(RouterPacket.TCP, Ipv4.parse(source), Ipv4.parse(destination), sourcePort, destinationPort);
    }

    public static FiveTuple udp(String source, int sourcePort, String destination, int destinationPort) {
        return new FiveTuple(RouterPacket.UDP, Ipv4.parse(source), Ipv4.parse(destination), sourcePort, destinationPort);
    }

    static Packet packet(String flow, long offset, long timestamp, FiveTuple tuple, int flags, byte[] data) {
        return new Packet(flow, 0, offset, timestamp, false, RouterPacket.of(tuple, flags, data).encode());
    }
}
