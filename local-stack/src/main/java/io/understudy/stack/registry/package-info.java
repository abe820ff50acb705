/**
 * A real schema registry (Apicurio Registry 3.0.9, in-memory) with a Confluent-compatible REST
 * API, run as a child process: {@link io.understudy.stack.registry.ApicurioRegistryProcess}.
 *
 * <p>{@link io.understudy.stack.registry.RegistryDistribution} finds its files: the Maven build
 * fetches the distribution tar.gz from Maven Central into the local repository, and the first
 * start unpacks it into {@code ~/.cache/understudy/}.
 */
package io.understudy.stack.registry;
