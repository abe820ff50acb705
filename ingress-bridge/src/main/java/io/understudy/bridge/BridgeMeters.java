package io.understudy.bridge;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The bridge's counters ({@link BridgeMetrics}) as Prometheus meters, read at each scrape:
 * {@code understudy_bridge_records_in_total} (well-formed packets received),
 * {@code understudy_bridge_records_out_total} (packets Kafka acknowledged),
 * {@code understudy_bridge_dropped_total{reason}} (refusals, by {@link RejectReason}, 401s included),
 * {@code understudy_bridge_in_flight}, {@code understudy_bridge_tcp_connections_open} and
 * {@code understudy_bridge_tcp_connections_accepted_total}.
 */
final class BridgeMeters {

    private BridgeMeters() {
    }

    static void bind(BridgeMetrics metrics, MeterRegistry registry) {
        FunctionCounter.builder("understudy.bridge.records.in", metrics, m -> m.snapshot().received())
                .description("Well-formed packets received and handed to Kafka, from both endpoints").register(registry);
        FunctionCounter.builder("understudy.bridge.records.out", metrics, m -> m.snapshot().published())
                .description("Packets Kafka acknowledged on the ingress topic").register(registry);
        for (RejectReason reason : RejectReason.values()) {
            FunctionCounter.builder("understudy.bridge.dropped", metrics, m -> m.snapshot().rejected(reason))
                    .description("Packets, frames or connections refused, by reason").tag("reason", reason.name())
                    .register(registry);
        }
        Gauge.builder("understudy.bridge.in.flight", metrics, m -> m.snapshot().inFlight())
                .description("Packets handed to the producer and not yet answered by Kafka").register(registry);
        Gauge.builder("understudy.bridge.tcp.connections.open", metrics, m -> m.snapshot().openConnections())
                .description("TCP connections open now").register(registry);
        FunctionCounter.builder("understudy.bridge.tcp.connections.accepted", metrics, m -> m.snapshot().acceptedConnections())
                .description("TCP connections accepted since start").register(registry);
    }
}
