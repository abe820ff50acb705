package io.understudy.bridge.internals.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes the endpoint's responses: JSON bodies, the plain-text metrics, and JSON errors. */
final class ResponseWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ResponseWriter() {
    }

    static void json(HttpExchange exchange, int status, Object body) throws IOException {
        send(exchange, status, "application/json", JSON.writeValueAsBytes(body));
    }

    /** {@code {"error": error, "message": message}} with the status. */
    static void error(HttpExchange exchange, int status, String error, String message) throws IOException {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("message", message);
        json(exchange, status, body);
    }

    static void text(HttpExchange exchange, int status, String body) throws IOException {
        send(exchange, status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    /** 405 naming the allowed method. */
    static void methodNotAllowed(HttpExchange exchange, String allowed) throws IOException {
        exchange.getResponseHeaders().set("Allow", allowed);
        error(exchange, 405, "METHOD_NOT_ALLOWED", exchange.getRequestMethod() + " is not allowed on "
                + exchange.getRequestURI().getRawPath() + "; use " + allowed);
    }

    static void notFound(HttpExchange exchange) throws IOException {
        error(exchange, 404, "NOT_FOUND", "No such path: " + exchange.getRequestURI().getRawPath()
                + "; the bridge serves POST /flows/{flowId}/packets, GET /health and GET /metrics");
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length); // 0 would mean chunked
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
