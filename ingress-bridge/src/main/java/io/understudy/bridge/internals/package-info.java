/**
 * The bridge's internals: the endpoints and the publisher that {@link
 * io.understudy.bridge.IngressBridge} wires together. Only the ingress-bridge module uses these
 * packages (a build test fails on any import of them from another module); the map is in {@code
 * io.understudy.bridge}'s package documentation.
 */
package io.understudy.bridge.internals;
