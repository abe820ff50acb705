package io.understudy.bridge.internals.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.understudy.bridge.BridgeMetrics;
import io.understudy.bridge.RejectReason;
import java.io.IOException;

/** {@code GET /metrics}: the counters of {@link BridgeMetrics}, one {@code name value} per line. */
final class MetricsHandler implements HttpHandler {

    static final String PATH = "/metrics";

    private final BridgeMetrics metrics;

    MetricsHandler(BridgeMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            if (!PATH.equals(exchange.getRequestURI().getRawPath())) {
                ResponseWriter.notFound(exchange);
            } else if (!"GET".equals(exchange.getRequestMethod())) {
                ResponseWriter.methodNotAllowed(exchange, "GET");
            } else {
                ResponseWriter.text(exchange, 200, render(metrics.snapshot()));
            }
        } finally {
            exchange.close();
        }
    }

    /** The snapshot as text, in the Prometheus exposition style (counters end in {@code _total}). */
    static String render(BridgeMetrics.Snapshot snapshot) {
        StringBuilder text = new StringBuilder();
        line(text, "understudy_bridge_packets_received_total", snapshot.received());
        line(text, "understudy_bridge_packets_published_total", snapshot.published());
        line(text, "understudy_bridge_packets_in_flight", snapshot.inFlight());
        for (RejectReason reason : RejectReason.values()) {
            line(text, "understudy_bridge_rejected_total{reason=\"" + reason.name() + "\"}", snapshot.rejected(reason));
        }
        line(text, "understudy_bridge_tcp_connections_open", snapshot.openConnections());
        line(text, "understudy_bridge_tcp_connections_accepted_total", snapshot.acceptedConnections());
        return text.toString();
    }

    private static void line(StringBuilder text, String name, long value) {
        text.append(name).append(' ').append(value).append('\n');
    }
}
