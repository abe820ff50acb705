/**
 * How a node finds, configures and calls its traffic function: the {@link
 * io.understudy.node.internals.function.FunctionCatalog} of providers, the {@link
 * io.understudy.node.internals.function.BoundFunction} that works on encoded state, and the node's static
 * information ({@link io.understudy.node.internals.function.StaticInfoFactory}).
 */
package io.understudy.node.internals.function;
