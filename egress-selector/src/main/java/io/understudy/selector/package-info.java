/**
 * The egress selector. This package is its public face; everything under {@code internals} is the
 * selector's own (other modules must not import it: a build test checks that).
 *
 * <p>Start here: {@link io.understudy.selector.EgressSelector} is one running instance of the
 * selector group and {@link io.understudy.selector.SelectorConfig} lists every setting.
 *
 * <p>The internals ({@code io.understudy.selector.internals}):
 * <ul>
 *   <li>{@code group}: the selector group (instance heartbeats, who owns which shard, the takeover
 *       that fences the old owner, the committed state tailed by standbys);</li>
 *   <li>{@code routing}: the record path (the per-partition decision rules, the shard's loop);</li>
 *   <li>{@code leadership}: who may lead a partition, and the leader/epoch/watermark record;</li>
 *   <li>{@code liveness}: node heartbeats on the broker's clock, and when the reader has caught up;</li>
 *   <li>{@code status}: the status page, {@code /api/status} and the Prometheus meters.</li>
 * </ul>
 */
package io.understudy.selector;
