/**
 * Audit and replay: proof, from the topics alone, that the egress topic is right, and egress
 * re-emitted into another topic.
 *
 * <p>Start here:
 * <ul>
 *   <li>{@link io.understudy.audit.Audit}: reads the topics ({@link io.understudy.audit.TopicLogs})
 *       and hands each partition's logs to the {@link io.understudy.audit.AuditChecker}, which checks
 *       every output of every ingress record in the range: in egress exactly once, in order, from the
 *       leader of its epoch ({@link io.understudy.audit.EpochTable}), and equal; the result is an
 *       {@link io.understudy.audit.AuditReport} of {@link io.understudy.audit.Violation}s with their
 *       lineage.</li>
 *   <li>{@link io.understudy.audit.ReferenceReplay}: the ingress log of a partition replayed from
 *       its first offset through the node's deliberate replay entry point,
 *       {@link io.understudy.node.NodeReplay} (the node's own record path over in-memory state, not a
 *       copy of it), yielding each record's {@link io.understudy.audit.ExpectedOutput}.</li>
 *   <li>{@link io.understudy.audit.EgressReplay}: a range of egress copied, or recomputed through the
 *       replay, for {@code understudy replay}.</li>
 *   <li>{@link io.understudy.audit.AuditInputs}: the nodes' settings and the registry both read
 *       from; the Kafka reading lives in {@code TopicLogs} alone, so the checking is unit testable.</li>
 * </ul>
 * {@code understudy audit} and {@code understudy replay} (the cli's {@code audit} package) are the
 * commands over it.
 */
package io.understudy.audit;
