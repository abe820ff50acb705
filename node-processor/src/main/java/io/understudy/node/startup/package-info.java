/**
 * What a node settles with the cluster before its Kafka Streams application starts ({@link
 * io.understudy.node.startup.StartPositions}: where its consumer begins on each partition).
 */
package io.understudy.node.startup;
