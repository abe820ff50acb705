/**
 * Node liveness as the selector sees it, on the broker's clock: each node's latest heartbeat and
 * its LogAppendTime, and the settled time up to which every node's heartbeats topic has been read
 * ({@link io.understudy.selector.internals.liveness.LivenessView}), fed by the {@link
 * io.understudy.selector.internals.liveness.HeartbeatListener}, which reads one topic per node (only
 * that node may write it), ignores a heartbeat naming another node, tells when it has caught up (the
 * end of the start-up grace) and when it died (the selector is then unhealthy). Consumer-group
 * liveness is far too slow for sub-second failover, hence these.
 */
package io.understudy.selector.internals.liveness;
