/**
 * The selector's internals: what {@link io.understudy.selector.EgressSelector} wires together.
 * Only the egress-selector module uses these packages (a build test fails on any import of them
 * from another module); the map of the subpackages is in {@code io.understudy.selector}'s package
 * documentation.
 */
package io.understudy.selector.internals;
