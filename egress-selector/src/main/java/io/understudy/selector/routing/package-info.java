/**
 * The selector's record path: the Kafka Streams {@link io.understudy.selector.routing.SelectorTopology}
 * and its {@link io.understudy.selector.routing.SelectionProcessor}, which forwards the leader's
 * outputs past the watermark as egress and keeps the backups' until they are needed.
 */
package io.understudy.selector.routing;
