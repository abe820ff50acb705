package io.understudy.observability;

import java.util.Locale;
import java.util.OptionalInt;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * The value of a role's {@code metrics.port} setting: a TCP port, {@code 0} for any free port (the
 * bound address is logged), or {@code disabled} for no endpoint at all.
 */
public final class MetricsPort {

    public static final String DISABLED = "disabled";

    /** For the roles' {@code ConfigDef}s: accepts 0..65535 or "disabled". */
    public static final ConfigDef.Validator VALIDATOR = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            parse(name, value == null ? null : value.toString());
        }

        @Override
        public String toString() {
            return "0..65535 (0: any free port) or " + DISABLED;
        }
    };

    private MetricsPort() {
    }

    /** The port to bind, or empty when disabled. */
    public static OptionalInt parse(String key, String value) {
        if (value == null) {
            throw new ConfigException(key, null, "a port (0..65535, 0 for any free port) or " + DISABLED);
        }
        String trimmed = value.trim().toLowerCase(Locale.ROOT);
        if (DISABLED.equals(trimmed)) {
            return OptionalInt.empty();
        }
        try {
            int port = Integer.parseInt(trimmed);
            if (port < 0 || port > 65_535) {
                throw new ConfigException(key, value, "a port is 0..65535 (0 for any free port), or " + DISABLED);
            }
            return OptionalInt.of(port);
        } catch (NumberFormatException e) {
            throw new ConfigException(key, value, "a port (0..65535, 0 for any free port) or " + DISABLED);
        }
    }
}
