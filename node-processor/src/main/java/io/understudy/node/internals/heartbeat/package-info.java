/**
 * The node's heartbeats: the {@link io.understudy.node.internals.heartbeat.ProgressBoard} the stream
 * thread writes its per-partition progress to, and the {@link
 * io.understudy.node.internals.heartbeat.HeartbeatPublisher} that sends it every interval while the node
 * processes, on the node's own topic ({@code heartbeats.<id>}: only this node's principal may write
 * it, so no node can keep another alive). The egress selector detects a dead leader from heartbeats
 * that stop arriving.
 */
package io.understudy.node.internals.heartbeat;
