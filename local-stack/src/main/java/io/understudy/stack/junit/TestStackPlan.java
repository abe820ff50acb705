package io.understudy.stack.junit;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Which stack the tests of this JVM run against, decided from environment variables.
 *
 * <table>
 *   <caption>Environment variables</caption>
 *   <tr><th>variable</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@value #BOOTSTRAP_SERVERS_ENV}</td><td>unset</td>
 *       <td>use this running Kafka cluster; nothing is started for Kafka</td></tr>
 *   <tr><td>{@value #SCHEMA_REGISTRY_URL_ENV}</td><td>unset</td>
 *       <td>use this Confluent-compatible registry; unset: a local Apicurio Registry is started</td></tr>
 *   <tr><td>{@value #STACK_KIND_ENV}</td><td>{@code embedded}</td>
 *       <td>{@code testcontainers}: a Kafka container and, unless {@value #SCHEMA_REGISTRY_URL_ENV}
 *       is set, a schema registry container, if Docker answers (otherwise the embedded broker and a
 *       local registry, with a warning)</td></tr>
 * </table>
 *
 * @param kind              where Kafka comes from
 * @param bootstrapServers  the external cluster, for {@link Kind#EXTERNAL} only
 * @param schemaRegistryUrl an external registry, or empty to start a local one
 * @param warning           why the plan differs from what was asked, if it does
 */
public record TestStackPlan(Kind kind, Optional<String> bootstrapServers, Optional<String> schemaRegistryUrl,
                            Optional<String> warning) {

    public static final String BOOTSTRAP_SERVERS_ENV = "UNDERSTUDY_BOOTSTRAP_SERVERS";
    public static final String SCHEMA_REGISTRY_URL_ENV = "UNDERSTUDY_SCHEMA_REGISTRY_URL";
    public static final String STACK_KIND_ENV = "UNDERSTUDY_TEST_STACK";

    /** Where the tests' Kafka comes from. */
    public enum Kind {
        /** A cluster that is already running ({@value #BOOTSTRAP_SERVERS_ENV}). */
        EXTERNAL,
        /** A Kafka container started by Testcontainers. */
        TESTCONTAINERS,
        /** The embedded broker in this JVM (with a local registry child process). */
        EMBEDDED
    }

    /**
     * Decides from {@code env}.
     *
     * @param dockerAvailable asked only when Testcontainers is requested
     */
    public static TestStackPlan from(Map<String, String> env, BooleanSupplier dockerAvailable) {
        Optional<String> registry = nonBlank(env.get(SCHEMA_REGISTRY_URL_ENV));
        Optional<String> bootstrap = nonBlank(env.get(BOOTSTRAP_SERVERS_ENV));
        if (bootstrap.isPresent()) {
            return new TestStackPlan(Kind.EXTERNAL, bootstrap, registry, Optional.empty());
        }
        String requested = nonBlank(env.get(STACK_KIND_ENV)).orElse("embedded").toLowerCase(Locale.ROOT);
        switch (requested) {
            case "embedded":
                return new TestStackPlan(Kind.EMBEDDED, Optional.empty(), registry, Optional.empty());
            case "testcontainers":
                if (dockerAvailable.getAsBoolean()) {
                    return new TestStackPlan(Kind.TESTCONTAINERS, Optional.empty(), registry, Optional.empty());
                }
                return new TestStackPlan(Kind.EMBEDDED, Optional.empty(), registry, Optional.of(
                        STACK_KIND_ENV + "=testcontainers but Docker is not available (or Testcontainers is not on the"
                                + " test class path): using the embedded Kafka broker instead"));
            default:
                throw new IllegalArgumentException(STACK_KIND_ENV + "=" + env.get(STACK_KIND_ENV)
                        + " is not a test stack: use 'embedded' (the default) or 'testcontainers'");
        }
    }

    /** {@link #from(Map, BooleanSupplier)} with this process's environment and a real Docker check. */
    public static TestStackPlan fromEnvironment() {
        return from(System.getenv(), TestcontainersKafka::dockerAvailable);
    }

    private static Optional<String> nonBlank(String value) {
        return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
    }
}
