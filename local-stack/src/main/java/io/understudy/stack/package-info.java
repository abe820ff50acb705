/**
 * A real Kafka broker and a real schema registry on this machine, for development, the demo and
 * integration tests: no Docker, nothing to install beyond a Maven build.
 *
 * <p>Start here: {@link io.understudy.stack.LocalStack} starts both (in parallel) from
 * {@link io.understudy.stack.LocalStackOptions} and hands out
 * {@link io.understudy.stack.StackEndpoints}. The parts live in their own packages:
 * {@code kafka} (an in-process KRaft broker), {@code registry} (Apicurio Registry as a child
 * process), {@code junit} (a JUnit 5 extension sharing one stack across a test JVM),
 * {@code process} (starting and killing child JVMs) and {@code net} (loopback ports).
 *
 * <p>Failures to start throw {@link io.understudy.stack.StackStartupException}, whose message
 * says what went wrong and what to do about it.
 */
package io.understudy.stack;
