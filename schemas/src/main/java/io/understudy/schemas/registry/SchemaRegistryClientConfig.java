package io.understudy.schemas.registry;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.types.Password;

/**
 * Configuration of a {@link SchemaRegistryClient}: every key with its default and meaning below.
 * The key names are those of Confluent's serializers, so an existing client configuration can
 * be reused as is.
 */
public final class SchemaRegistryClientConfig extends AbstractConfig {

    public static final String URL_CONFIG = "schema.registry.url";
    private static final String URL_DOC = "Base URL of the Confluent-compatible REST API, e.g. "
            + "http://127.0.0.1:8081 (Confluent) or http://127.0.0.1:8080/apis/ccompat/v7 (Apicurio).";

    public static final String BASIC_AUTH_USER_INFO_CONFIG = "basic.auth.user.info";
    private static final String BASIC_AUTH_USER_INFO_DOC = "user:password sent as HTTP basic authentication; "
            + "none by default.";

    public static final String BEARER_AUTH_TOKEN_CONFIG = "bearer.auth.token";
    private static final String BEARER_AUTH_TOKEN_DOC = "Token sent as 'Authorization: Bearer <token>'; none by "
            + "default. Cannot be combined with " + BASIC_AUTH_USER_INFO_CONFIG + ".";

    public static final String CONNECT_TIMEOUT_MS_CONFIG = "schema.registry.connect.timeout.ms";
    private static final String CONNECT_TIMEOUT_MS_DOC = "How long to wait for a connection to the registry, in ms.";

    public static final String REQUEST_TIMEOUT_MS_CONFIG = "schema.registry.request.timeout.ms";
    private static final String REQUEST_TIMEOUT_MS_DOC = "How long to wait for the registry to answer a request, in ms."
            + " Generous on purpose: requests happen once per subject or schema id, never per record, and a busy"
            + " registry answering late is better than a role failing to start.";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(URL_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    Importance.HIGH, URL_DOC)
            .define(BASIC_AUTH_USER_INFO_CONFIG, Type.PASSWORD, null, Importance.MEDIUM, BASIC_AUTH_USER_INFO_DOC)
            .define(BEARER_AUTH_TOKEN_CONFIG, Type.PASSWORD, null, Importance.MEDIUM, BEARER_AUTH_TOKEN_DOC)
            .define(CONNECT_TIMEOUT_MS_CONFIG, Type.INT, 5_000, Range.atLeast(1), Importance.LOW, CONNECT_TIMEOUT_MS_DOC)
            .define(REQUEST_TIMEOUT_MS_CONFIG, Type.INT, 30_000, Range.atLeast(1), Importance.LOW, REQUEST_TIMEOUT_MS_DOC);

    public SchemaRegistryClientConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals, false);
        if (basicAuthUserInfo().isPresent() && bearerToken().isPresent()) {
            throw new IllegalArgumentException("Set either " + BASIC_AUTH_USER_INFO_CONFIG + " or "
                    + BEARER_AUTH_TOKEN_CONFIG + ", not both");
        }
        if (basicAuthUserInfo().filter(info -> !info.contains(":")).isPresent()) {
            throw new IllegalArgumentException(BASIC_AUTH_USER_INFO_CONFIG + " must be user:password");
        }
    }

    /** A configuration with every default, for the registry at {@code url}. */
    public static SchemaRegistryClientConfig forUrl(String url) {
        return new SchemaRegistryClientConfig(Map.of(URL_CONFIG, url));
    }

    /** The base URL, without a trailing slash. */
    public String url() {
        String url = getString(URL_CONFIG);
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public Optional<String> basicAuthUserInfo() {
        return Optional.ofNullable(getPassword(BASIC_AUTH_USER_INFO_CONFIG)).map(Password::value);
    }

    public Optional<String> bearerToken() {
        return Optional.ofNullable(getPassword(BEARER_AUTH_TOKEN_CONFIG)).map(Password::value);
    }

    public Duration connectTimeout() {
        return Duration.ofMillis(getInt(CONNECT_TIMEOUT_MS_CONFIG));
    }

    public Duration requestTimeout() {
        return Duration.ofMillis(getInt(REQUEST_TIMEOUT_MS_CONFIG));
    }
}
