/**
 * A real Apache Kafka broker (KRaft, one combined broker + controller node) started inside this
 * JVM: {@link io.understudy.stack.kafka.EmbeddedKafkaBroker}. Every setting it runs with, and
 * why, is listed in {@link io.understudy.stack.kafka.BrokerSettings}.
 *
 * <p>{@link io.understudy.stack.kafka.StandaloneBroker} runs the same broker as a process of
 * its own, for tests that kill the broker.
 */
package io.understudy.stack.kafka;
