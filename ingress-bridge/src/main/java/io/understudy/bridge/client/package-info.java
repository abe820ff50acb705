/**
 * Clients of the bridge's endpoints, for tests and traffic generators:
 * {@link io.understudy.bridge.client.TcpBridgeClient} (pipelined frames, replies matched by frame
 * index) and {@link io.understudy.bridge.client.HttpBridgeClient} ({@code java.net.http}).
 */
package io.understudy.bridge.client;
