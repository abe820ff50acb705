/**
 * The {@code bench} command: Understudy measured side by side with Kafka Streams standby replicas
 * (the harness and the baseline live in the {@code benchmark} module; Understudy's side is the demo's
 * {@link io.understudy.harness.UnderstudySystem}).
 */
package io.understudy.cli.bench;
