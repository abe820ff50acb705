package io.understudy.stack.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to start an {@link EmbeddedKafkaBroker}. Start from {@link #defaults()} and change what you need.
 *
 * @param port           client port on 127.0.0.1; 0 (default) picks a free one
 * @param controllerPort KRaft controller port on 127.0.0.1; 0 (default) picks a free one
 * @param dataDir        where the broker keeps its log; {@code null} (default) for a new temporary
 *                       directory. An existing formatted directory is reused: the broker restarts
 *                       with its topics and records.
 * @param keepData       keep {@code dataDir} after {@link EmbeddedKafkaBroker#close()} (default false:
 *                       it is deleted)
 * @param overrides      broker properties that win over {@link BrokerSettings} (default none)
 * @param startTimeout   how long to wait for the broker to answer (default 120 s: generous, for
 *                       a machine busy with other builds; a broker that fails fails sooner)
 * @param security       SASL_SSL and mTLS listeners, and the authorizer (default {@code null}: PLAINTEXT only)
 */
public record BrokerOptions(int port, int controllerPort, Path dataDir, boolean keepData,
                            Map<String, String> overrides, Duration startTimeout, BrokerSecurity security) {

    public BrokerOptions {
        overrides = Map.copyOf(Objects.requireNonNull(overrides, "overrides"));
        Objects.requireNonNull(startTimeout, "startTimeout");
    }

    public BrokerOptions(int port, int controllerPort, Path dataDir, boolean keepData, Map<String, String> overrides,
                         Duration startTimeout) {
        this(port, controllerPort, dataDir, keepData, overrides, startTimeout, null);
    }

    public static BrokerOptions defaults() {
        return new BrokerOptions(0, 0, null, false, Map.of(), Duration.ofSeconds(120));
    }

    /** Adds secured listeners (and the authorizer, if asked for). */
    public BrokerOptions withSecurity(BrokerSecurity newSecurity) {
        return new BrokerOptions(port, controllerPort, dataDir, keepData, overrides, startTimeout, newSecurity);
    }

    public BrokerOptions withPort(int newPort) {
        return new BrokerOptions(newPort, controllerPort, dataDir, keepData, overrides, startTimeout, security);
    }

    public BrokerOptions withControllerPort(int newControllerPort) {
        return new BrokerOptions(port, newControllerPort, dataDir, keepData, overrides, startTimeout, security);
    }

    public BrokerOptions withDataDir(Path newDataDir) {
        return new BrokerOptions(port, controllerPort, newDataDir, keepData, overrides, startTimeout, security);
    }

    public BrokerOptions withKeepData(boolean newKeepData) {
        return new BrokerOptions(port, controllerPort, dataDir, newKeepData, overrides, startTimeout, security);
    }

    /** Adds (or replaces) broker property overrides. */
    public BrokerOptions withOverrides(Map<String, String> more) {
        Map<String, String> merged = new HashMap<>(overrides);
        merged.putAll(more);
        return new BrokerOptions(port, controllerPort, dataDir, keepData, merged, startTimeout, security);
    }

    public BrokerOptions withStartTimeout(Duration newStartTimeout) {
        return new BrokerOptions(port, controllerPort, dataDir, keepData, overrides, newStartTimeout, security);
    }
}
