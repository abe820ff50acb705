package io.understudy.stack.junit;

import io.understudy.stack.StackEndpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared registry speaks the Confluent REST API: register a schema, read it back by id. */
@ExtendWith(UnderstudyStackExtension.class)
class RegistryAnswersTest {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void registersAndReadsBackASchema(StackEndpoints stack) throws Exception {
        String subject = "registry-test-" + UUID.randomUUID() + "-value";
        String schema = "{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"Ping\\\",\\\"fields\\\":[{\\\"name\\\":\\\"n\\\",\\\"type\\\":\\\"int\\\"}]}";

        HttpResponse<String> registered = send(HttpRequest.newBuilder(URI.create(stack.schemaRegistryUrl() + "/subjects/" + subject + "/versions"))
                .header("Content-Type", CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString("{\"schema\":\"" + schema + "\"}")));
        assertEquals(200, registered.statusCode(), registered.body());
        Matcher id = Pattern.compile("\"id\"\\s*:\\s*(\\d+)").matcher(registered.body());
        assertTrue(id.find(), registered.body());

        HttpResponse<String> byId = send(HttpRequest.newBuilder(URI.create(stack.schemaRegistryUrl() + "/schemas/ids/" + id.group(1))).GET());
        assertEquals(200, byId.statusCode(), byId.body());
        assertTrue(byId.body().contains("Ping"), byId.body());

        HttpResponse<String> subjects = send(HttpRequest.newBuilder(URI.create(stack.schemaRegistryUrl() + "/subjects")).GET());
        assertEquals(200, subjects.statusCode());
        assertTrue(subjects.body().contains(subject), subjects.body());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
