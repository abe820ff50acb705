/**
 * What the selector shows of itself: the {@link io.understudy.selector.internals.status.StatusBoard} its
 * shard workers update (leadership per partition, owners, takeovers, decisions, egress rate) with the Prometheus
 * meters that read it, and the status page and {@code /api/status} JSON served on its
 * observability endpoint.
 */
package io.understudy.selector.internals.status;
