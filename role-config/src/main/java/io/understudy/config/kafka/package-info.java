/**
 * The Kafka plumbing every role shares: {@code kafka.*} settings handed to each client it
 * creates, {@code streams.*} to Kafka Streams only, and the application ids derived from the
 * topic prefix.
 */
package io.understudy.config.kafka;
