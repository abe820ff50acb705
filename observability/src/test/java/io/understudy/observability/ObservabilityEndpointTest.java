package io.understudy.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ObservabilityEndpointTest {

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesPrometheusTextLivenessAndReadinessOnAFreePort() throws Exception {
        AtomicBoolean ready = new AtomicBoolean(false);
        try (RoleMetrics metrics = RoleMetrics.create("node", "a")) {
            Counter.builder("understudy.node.records.in").register(metrics.registry()).increment(3);
            ObservabilityEndpoint endpoint = ObservabilityEndpoint.builder("node a", metrics)
                    .readiness(() -> ready.get() ? HealthReport.up(Map.of("streams", "RUNNING"))
                            : HealthReport.down(Map.of("streams", "REBALANCING")))
                    .route("/api/status", exchange -> ObservabilityEndpoint.sendJson(exchange, 200, Map.of("ok", 1)))
                    .start("127.0.0.1", OptionalInt.of(0)).orElseThrow();
            try {
                assertTrue(endpoint.port() > 0);
                HttpResponse<String> scrape = get(endpoint.url() + "/metrics");
                assertEquals(200, scrape.statusCode());
                assertTrue(scrape.body().contains("understudy_node_records_in_total{instance=\"a\",role=\"node\"} 3.0"),
                        scrape.body());
                assertTrue(scrape.body().contains("jvm_memory_used_bytes"), "JVM metrics are bound");

                HttpResponse<String> notReady = get(endpoint.url() + "/health/ready");
                assertEquals(503, notReady.statusCode());
                assertEquals("{\"status\":\"DOWN\",\"streams\":\"REBALANCING\"}", notReady.body());
                ready.set(true);
                assertEquals(200, get(endpoint.url() + "/health/ready").statusCode());
                assertEquals("{\"status\":\"UP\"}", get(endpoint.url() + "/health/live").body());
                assertEquals("{\"ok\":1}", get(endpoint.url() + "/api/status").body());
                assertEquals(404, get(endpoint.url() + "/nothing").statusCode());
                assertEquals(405, http.send(HttpRequest.newBuilder(URI.create(endpoint.url() + "/metrics"))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            } finally {
                endpoint.close();
            }
        }
    }

    @Test
    void aFailingCheckAnswers503WithTheError() throws Exception {
        try (RoleMetrics metrics = RoleMetrics.create("bridge", "1")) {
            ObservabilityEndpoint endpoint = ObservabilityEndpoint.builder("bridge", metrics)
                    .liveness(() -> {
                        throw new IllegalStateException("broken");
                    })
                    .start("127.0.0.1", OptionalInt.of(0)).orElseThrow();
            try {
                HttpResponse<String> live = get(endpoint.url() + "/health/live");
                assertEquals(503, live.statusCode());
                assertEquals("{\"status\":\"DOWN\",\"error\":\"broken\"}", live.body());
            } finally {
                endpoint.close();
            }
        }
    }

    @Test
    void disabledMeansNoEndpointAndABadPortIsAClearError() {
        assertEquals(OptionalInt.empty(), MetricsPort.parse("metrics.port", "disabled"));
        assertEquals(OptionalInt.of(9464), MetricsPort.parse("metrics.port", " 9464 "));
        try (RoleMetrics metrics = RoleMetrics.create("selector", "1")) {
            assertTrue(ObservabilityEndpoint.builder("selector", metrics).start("127.0.0.1", OptionalInt.empty()).isEmpty());
        }
        ConfigException bad = assertThrows(ConfigException.class, () -> MetricsPort.parse("metrics.port", "70000"));
        assertTrue(bad.getMessage().contains("metrics.port"), bad.getMessage());
        assertThrows(ConfigException.class, () -> MetricsPort.VALIDATOR.ensureValid("metrics.port", "nine"));
    }
}
