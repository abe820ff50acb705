/**
 * The node's internals: what {@link io.understudy.node.UnderstudyNode} wires together. Only the
 * node-processor module uses these packages; other modules go through the public face in {@code
 * io.understudy.node} (a build test fails on any import of them from another module). The map of
 * the subpackages is in {@code io.understudy.node}'s package documentation.
 */
package io.understudy.node.internals;
