/**
 * The Kafka plumbing every role shares: {@code kafka.*} settings handed to each client it
 * creates, {@code streams.*} to Kafka Streams only, the application ids derived from the
 * topic prefix, and the exactly-once Kafka Streams properties.
 */
package io.understudy.config.kafka;
