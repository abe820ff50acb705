/**
 * {@code understudy audit} and {@code understudy replay}: proof, from the topics alone, that the
 * egress topic is right. The ingress log is replayed through the traffic function in-process
 * ({@link io.understudy.cli.audit.ReferenceReplay}, through the node's replay entry point
 * {@link io.understudy.node.NodeReplay}: its own record path) and
 * every egress record is checked against it and against the leadership log
 * ({@link io.understudy.cli.audit.AuditChecker}); the Kafka reading lives apart
 * ({@link io.understudy.cli.audit.TopicLogs}) so the checking is unit testable.
 */
package io.understudy.cli.audit;
