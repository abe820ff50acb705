/**
 * Node liveness as the selector sees it, on the broker's clock: each node's latest heartbeat and
 * its LogAppendTime, and the time of the heartbeats topic itself ({@link
 * io.understudy.selector.internals.liveness.LivenessView}), fed by the {@link
 * io.understudy.selector.internals.liveness.HeartbeatListener}, which also tells when it has caught up (the
 * end of the start-up grace) and when it died (the selector is then unhealthy). Consumer-group
 * liveness is far too slow for sub-second failover, hence these.
 */
package io.understudy.selector.internals.liveness;
