/**
 * The egress selector: {@link io.understudy.selector.EgressSelector} forwards only the leader's
 * outputs to the egress topic and fails over to a synchronized backup when the leader dies or
 * stalls; {@link io.understudy.selector.SelectorConfig} lists every setting.
 *
 * <p>Map: {@code liveness} (heartbeats and when they arrived), {@code leadership} (who may lead
 * and the durable leader/epoch/watermark), {@code routing} (the record path).
 */
package io.understudy.selector;
