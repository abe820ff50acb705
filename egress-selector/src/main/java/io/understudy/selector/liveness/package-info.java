/**
 * Node liveness as the selector sees it: heartbeats and their arrival time on the selector's own
 * clock ({@link io.understudy.selector.liveness.LivenessView}), fed by the {@link
 * io.understudy.selector.liveness.HeartbeatListener}. Consumer-group liveness is far too slow for
 * sub-second failover, hence these.
 */
package io.understudy.selector.liveness;
