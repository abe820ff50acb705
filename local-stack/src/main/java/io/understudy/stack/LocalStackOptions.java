package io.understudy.stack;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to start a {@link LocalStack}. Start from {@link #defaults()} and change what you need.
 *
 * @param dataDir         the stack's directory: broker data in {@code kafka/}, the registry's log in
 *                        {@code registry.log}; {@code null} (default) for a new temporary directory
 * @param keepData        keep the broker's data and the logs after {@link LocalStack#close()}, so the
 *                        next start with the same {@code dataDir} finds the topics and records again
 *                        (default false: deleted; a stack that does not keep its data also starts empty)
 * @param brokerPort      Kafka port on 127.0.0.1; 0 (default) picks a free one
 * @param registryPort    schema registry HTTP port on 127.0.0.1; 0 (default) picks a free one
 * @param brokerOverrides broker properties that win over the embedded broker's settings (default none)
 */
public record LocalStackOptions(Path dataDir, boolean keepData, int brokerPort, int registryPort,
                                Map<String, String> brokerOverrides) {

    public LocalStackOptions {
        brokerOverrides = Map.copyOf(Objects.requireNonNull(brokerOverrides, "brokerOverrides"));
    }

    public static LocalStackOptions defaults() {
        return new LocalStackOptions(null, false, 0, 0, Map.of());
    }

    public LocalStackOptions withDataDir(Path newDataDir) {
        return new LocalStackOptions(newDataDir, keepData, brokerPort, registryPort, brokerOverrides);
    }

    public LocalStackOptions withKeepData(boolean newKeepData) {
        return new LocalStackOptions(dataDir, newKeepData, brokerPort, registryPort, brokerOverrides);
    }

    public LocalStackOptions withBrokerPort(int newBrokerPort) {
        return new LocalStackOptions(dataDir, keepData, newBrokerPort, registryPort, brokerOverrides);
    }

    public LocalStackOptions withRegistryPort(int newRegistryPort) {
        return new LocalStackOptions(dataDir, keepData, brokerPort, newRegistryPort, brokerOverrides);
    }

    /** Adds (or replaces) broker property overrides. */
    public LocalStackOptions withBrokerOverrides(Map<String, String> more) {
        Map<String, String> merged = new HashMap<>(brokerOverrides);
        merged.putAll(more);
        return new LocalStackOptions(dataDir, keepData, brokerPort, registryPort, merged);
    }
}
