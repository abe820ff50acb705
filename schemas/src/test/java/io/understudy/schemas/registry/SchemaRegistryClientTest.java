package io.understudy.schemas.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the client does with answers that the real registry of the integration tests
 * (Apicurio) never gives: Confluent's 40408 for a subject without its own level, authentication
 * headers, non-JSON error bodies. A canned HTTP server plays the registry; the real one is
 * exercised by {@code SchemaRegistryClientIT}.
 */
class SchemaRegistryClientTest {

    private static final Schema SCHEMA = InMemorySchemaRegistryTest.V1;

    private HttpServer server;
    private String url;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();
    /** Canned answers by "METHOD path": status and body. */
    private final Map<String, Answer> answers = new java.util.concurrent.ConcurrentHashMap<>();

    private record Answer(int status, String body) {
    }

    @BeforeEach
    void startCannedRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort() + "/base";
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void sendsTheConfluentContentTypeAndCachesIdsBothWays() {
        answers.put("POST /base/subjects/t-value/versions", new Answer(200, "{\"id\":21}"));
        answers.put("GET /base/schemas/ids/5", new Answer(200,
                "{\"schema\":" + quoted(SCHEMA.toString()) + ",\"schemaType\":\"AVRO\",\"references\":[]}"));
        try (SchemaRegistryClient client = SchemaRegistryClient.forUrl(url + "/")) {
            for (int i = 0; i < 3; i++) {
                assertEquals(21, client.register("t-value", SCHEMA));
                assertEquals(21, client.idOf("t-value", SCHEMA), "a registered schema's id is known");
                assertEquals(SCHEMA, client.schemaById(21), "and so is the schema of the id");
                assertEquals(SCHEMA, client.schemaById(5));
            }
        }
        assertEquals(List.of("POST /base/subjects/t-value/versions", "GET /base/schemas/ids/5"), requests);
        assertEquals(List.of("application/vnd.schemaregistry.v1+json"), contentTypes);
    }

    @Test
    void fallsBackToTheGlobalLevelWhenTheSubjectHasNone() {
        answers.put("GET /base/config/t-value", new Answer(404,
                "{\"error_code\":40408,\"message\":\"Subject 't-value' does not have subject-level compatibility configured\"}"));
        answers.put("GET /base/config", new Answer(200, "{\"compatibilityLevel\":\"FULL\"}"));
        try (SchemaRegistryClient client = SchemaRegistryClient.forUrl(url)) {
            assertEquals(CompatibilityLevel.FULL, client.compatibility("t-value"));
        }
        assertEquals(List.of("GET /base/config/t-value", "GET /base/config"), requests);
    }

    @Test
    void reportsStatusErrorCodeAndMessageOfARefusal() {
        answers.put("POST /base/subjects/t%20v-value", new Answer(404,
                "{\"error_code\":40401,\"message\":\"Subject 't v-value' not found.\"}"));
        try (SchemaRegistryClient client = SchemaRegistryClient.forUrl(url)) {
            SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> client.idOf("t v-value", SCHEMA));
            assertEquals("Schema registry at " + url + " refused POST /subjects/t%20v-value: HTTP 404, error code "
                    + "40401: Subject 't v-value' not found.", e.getMessage());
            assertEquals(404, e.status());
            assertEquals(SchemaRegistryException.SUBJECT_NOT_FOUND, e.errorCode());
            assertEquals(url, e.location());
        }
    }

    @Test
    void reportsANonJsonErrorBodyAsIs() {
        answers.put("GET /base/schemas/ids/3", new Answer(502, "Bad Gateway"));
        try (SchemaRegistryClient client = SchemaRegistryClient.forUrl(url)) {
            SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> client.schemaById(3));
            assertEquals("Schema registry at " + url + " refused GET /schemas/ids/3: HTTP 502: Bad Gateway", e.getMessage());
            assertEquals(SchemaRegistryException.NO_ERROR_CODE, e.errorCode());
        }
    }

    @Test
    void sendsBasicAuthentication() {
        answers.put("GET /base/config", new Answer(200, "{\"compatibilityLevel\":\"NONE\"}"));
        try (SchemaRegistryClient client = new SchemaRegistryClient(new SchemaRegistryClientConfig(Map.of(
                SchemaRegistryClientConfig.URL_CONFIG, url,
                SchemaRegistryClientConfig.BASIC_AUTH_USER_INFO_CONFIG, "alice:s3cret")))) {
            assertEquals(CompatibilityLevel.NONE, client.globalCompatibility());
        }
        assertEquals(List.of("Basic YWxpY2U6czNjcmV0"), authorizations);
    }

    @Test
    void sendsABearerToken() {
        answers.put("PUT /base/config", new Answer(200, "{\"compatibility\":\"FULL\"}"));
        try (SchemaRegistryClient client = new SchemaRegistryClient(new SchemaRegistryClientConfig(Map.of(
                SchemaRegistryClientConfig.URL_CONFIG, url,
                SchemaRegistryClientConfig.BEARER_AUTH_TOKEN_CONFIG, "tok-1")))) {
            client.setGlobalCompatibility(CompatibilityLevel.FULL);
        }
        assertEquals(List.of("Bearer tok-1"), authorizations);
    }

    @Test
    void refusesBothAuthenticationsAtOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SchemaRegistryClientConfig(Map.of(
                SchemaRegistryClientConfig.URL_CONFIG, url,
                SchemaRegistryClientConfig.BASIC_AUTH_USER_INFO_CONFIG, "a:b",
                SchemaRegistryClientConfig.BEARER_AUTH_TOKEN_CONFIG, "t")));
        assertEquals("Set either basic.auth.user.info or bearer.auth.token, not both", e.getMessage());
    }

    @Test
    void saysTheUrlIsUnreachable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String deadUrl = "http://127.0.0.1:" + closedPort + "/apis/ccompat/v7";
        try (SchemaRegistryClient client = SchemaRegistryClient.forUrl(deadUrl)) {
            SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> client.register("t-value", SCHEMA));
            assertTrue(e.getMessage().startsWith("Schema registry at " + deadUrl + " is unreachable "
                    + "(POST /subjects/t-value/versions): "), e.getMessage());
            assertTrue(e.unreachable());
            assertEquals(deadUrl, e.location());
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        String request = exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath();
        requests.add(request);
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null) {
            authorizations.add(authorization);
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType != null && !contentTypes.contains(contentType)) {
            contentTypes.add(contentType);
        }
        exchange.getRequestBody().readAllBytes();
        Answer answer = answers.getOrDefault(request, new Answer(500, "{\"error_code\":50001,\"message\":\"unexpected\"}"));
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(answer.status(), body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
