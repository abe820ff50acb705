/**
 * The node's own Prometheus meters (records in and out, drops by reason, sync state, progress and
 * leadership per partition); the registry and the endpoint are the observability module's.
 */
package io.understudy.node.internals.metrics;
