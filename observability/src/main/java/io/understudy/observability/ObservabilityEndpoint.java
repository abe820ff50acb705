package io.understudy.observability;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoint every role serves on its {@code metrics.port} (the JDK's HTTP server, two
 * threads): {@code GET /metrics} (Prometheus text format), {@code GET /health/live} and
 * {@code GET /health/ready} (JSON, 200 when up, 503 when not), and any routes the role adds (the
 * selector's status page and {@code /api/status}).
 */
public final class ObservabilityEndpoint implements AutoCloseable {

    /** The start of the line logged (and printed by the CLI) once the endpoint listens; the URL follows. */
    public static final String LISTENING = "observability endpoint listening on ";

    public static final String METRICS = "/metrics";
    public static final String LIVE = "/health/live";
    public static final String READY = "/health/ready";

    private static final Logger log = LoggerFactory.getLogger(ObservabilityEndpoint.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final String name;

    private ObservabilityEndpoint(HttpServer server, ExecutorService executor, String name) {
        this.server = server;
        this.executor = executor;
        this.name = name;
    }

    /** Starts building the endpoint of {@code name} (e.g. "node a"), serving {@code metrics}. */
    public static Builder builder(String name, RoleMetrics metrics) {
        return new Builder(name, metrics);
    }

    /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getAddress().getHostAddress();
        return "http://" + host + ":" + address.getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        log.info("observability endpoint of {} stopped", name);
    }

    /** Writes a JSON body. */
    public static void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
        send(exchange, status, "application/json", JSON.writeValueAsBytes(body));
    }

    /** Writes a body of the given content type. */
    public static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Sets the routes up, then {@link #start}. */
    public static final class Builder {

        private final String name;
        private final RoleMetrics metrics;
        private HealthCheck liveness = () -> HealthReport.up(Map.of());
        private HealthCheck readiness = () -> HealthReport.up(Map.of());
        private final Map<String, HttpHandler> routes = new LinkedHashMap<>();
        private Runnable beforeScrape = () -> { };

        private Builder(String name, RoleMetrics metrics) {
            this.name = name;
            this.metrics = metrics;
        }

        /** Whether the process works at all (a failed one should be restarted). */
        public Builder liveness(HealthCheck check) {
            this.liveness = check;
            return this;
        }

        /** Whether it does its job now (e.g. Streams RUNNING, Kafka reachable). */
        public Builder readiness(HealthCheck check) {
            this.readiness = check;
            return this;
        }

        /** Runs before each {@code GET /metrics}: to set gauges whose series come and go (per node, per leader). */
        public Builder beforeScrape(Runnable refresh) {
            this.beforeScrape = refresh;
            return this;
        }

        /** A GET route of the role's own, matched exactly ("/" serves only "/"). */
        public Builder route(String path, HttpHandler handler) {
            routes.put(path, handler);
            return this;
        }

        /**
         * Listens on {@code host:port} from a {@code metrics.port} value ({@link MetricsPort}); empty
         * when it says {@code disabled}.
         *
         * @throws UncheckedIOException when the address cannot be bound (e.g. the port is taken)
         */
        public Optional<ObservabilityEndpoint> start(String host, OptionalInt port) {
            if (port.isEmpty()) {
                log.info("observability endpoint of {} disabled (metrics.port=disabled)", name);
                return Optional.empty();
            }
            HttpServer server;
            try {
                server = HttpServer.create(new InetSocketAddress(host, port.getAsInt()), 64);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot serve metrics and health of " + name + " on " + host + ":"
                        + port.getAsInt() + " (metrics.port): " + e.getMessage(), e);
            }
            Map<String, HttpHandler> all = new LinkedHashMap<>();
            Runnable refresh = beforeScrape;
            all.put(METRICS, exchange -> {
                refresh.run();
                send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape().getBytes(StandardCharsets.UTF_8));
            });
            all.put(LIVE, exchange -> health(exchange, liveness));
            all.put(READY, exchange -> health(exchange, readiness));
            all.putAll(routes);
            server.createContext("/", exchange -> dispatch(exchange, all));
            AtomicInteger threads = new AtomicInteger();
            ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
                Thread thread = new Thread(runnable, "understudy-observability-" + threads.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
            server.setExecutor(executor);
            server.start();
            ObservabilityEndpoint endpoint = new ObservabilityEndpoint(server, executor, name);
            log.info("{}{} ({})", LISTENING, endpoint.url(), name);
            return Optional.of(endpoint);
        }

        private static void health(HttpExchange exchange, HealthCheck check) throws IOException {
            HealthReport report;
            try {
                report = check.check();
            } catch (RuntimeException e) {
                report = HealthReport.down(Map.of("error", String.valueOf(e.getMessage())));
            }
            sendJson(exchange, report.up() ? 200 : 503, report.body());
        }

        private static void dispatch(HttpExchange exchange, Map<String, HttpHandler> routes) throws IOException {
            try {
                HttpHandler handler = routes.get(exchange.getRequestURI().getRawPath());
                String method = exchange.getRequestMethod();
                if (handler == null) {
                    sendJson(exchange, 404, Map.of("error", "not found", "paths", routes.keySet()));
                } else if (!"GET".equals(method) && !"HEAD".equals(method)) {
                    exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                    sendJson(exchange, 405, Map.of("error", "method not allowed: " + method));
                } else {
                    handler.handle(exchange);
                }
            } catch (RuntimeException e) {
                log.warn("observability request {} failed: {}", exchange.getRequestURI(), e.toString());
                sendJson(exchange, 500, Map.of("error", String.valueOf(e.getMessage())));
            } finally {
                exchange.close();
            }
        }
    }
}
