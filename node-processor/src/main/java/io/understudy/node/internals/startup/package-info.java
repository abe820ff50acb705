/**
 * What a node settles with the cluster before its Kafka Streams application starts ({@link
 * io.understudy.node.internals.startup.StartPositions}: where its consumer begins on each partition), retried
 * while a busy cluster does not answer in time ({@link io.understudy.schemas.topics.UntilReachable}).
 */
package io.understudy.node.internals.startup;
