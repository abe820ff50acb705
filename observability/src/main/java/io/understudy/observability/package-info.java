/**
 * What every role (bridge, node, selector) shares to be watched, in one place: the Prometheus
 * registry with the JVM and Kafka client metrics bound ({@link io.understudy.observability.RoleMetrics}),
 * the HTTP endpoint that serves {@code /metrics}, {@code /health/live} and {@code /health/ready}
 * ({@link io.understudy.observability.ObservabilityEndpoint}), the health model
 * ({@link io.understudy.observability.HealthReport}) and the one-line decision logs
 * ({@link io.understudy.observability.DecisionLine}).
 */
package io.understudy.observability;
