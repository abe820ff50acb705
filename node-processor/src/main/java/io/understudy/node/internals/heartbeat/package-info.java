/**
 * The node's heartbeats: the {@link io.understudy.node.internals.heartbeat.ProgressBoard} the stream
 * thread writes its per-partition progress to, and the {@link
 * io.understudy.node.internals.heartbeat.HeartbeatPublisher} that sends it every interval while the node
 * processes. The egress selector detects a dead leader from heartbeats that stop arriving.
 */
package io.understudy.node.internals.heartbeat;
