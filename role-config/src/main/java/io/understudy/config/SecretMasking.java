package io.understudy.config;

import java.util.List;
import java.util.Locale;

/**
 * Which settings are secrets, so that nothing that shows settings (logs, {@code config --print})
 * ever shows their values: passwords (including {@code ssl.*password*}), secrets, tokens,
 * {@code sasl.jaas.config} (it carries the password) and inline private keys.
 */
public final class SecretMasking {

    public static final String MASK = "********";

    private static final List<String> SECRET_WORDS = List.of("password", "secret", "token", "sasl.jaas.config",
            "ssl.keystore.key", "credentials");

    private SecretMasking() {
    }

    public static boolean isSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return SECRET_WORDS.stream().anyMatch(lower::contains);
    }

    /** The value to show for {@code key}: the mask for a secret that is set, else the value. */
    public static String shown(String key, Object value) {
        if (value == null) {
            return "null";
        }
        return isSecret(key) && !String.valueOf(value).isEmpty() ? MASK : String.valueOf(value);
    }
}
