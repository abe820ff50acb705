package io.understudy.bridge.internals.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.understudy.bridge.internals.publish.KafkaHealth;
import io.understudy.bridge.internals.publish.PacketPublisher;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /health}: 200 while Kafka is reachable, 503 with the reason otherwise. */
final class HealthHandler implements HttpHandler {

    static final String PATH = "/health";

    private final PacketPublisher publisher;

    HealthHandler(PacketPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            if (!PATH.equals(exchange.getRequestURI().getRawPath())) {
                ResponseWriter.notFound(exchange);
            } else if (!"GET".equals(exchange.getRequestMethod())) {
                ResponseWriter.methodNotAllowed(exchange, "GET");
            } else {
                KafkaHealth health = publisher.health();
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("status", health.reachable() ? "UP" : "DOWN");
                body.put("topic", publisher.topic());
                body.put("detail", health.detail());
                body.put("observedAt", health.observedAt().toString());
                ResponseWriter.json(exchange, health.reachable() ? 200 : 503, body);
            }
        } finally {
            exchange.close();
        }
    }
}
