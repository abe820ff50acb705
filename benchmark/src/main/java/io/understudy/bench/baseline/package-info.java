/**
 * The baseline the benchmark compares Understudy with: a plain Kafka Streams application doing what
 * an Understudy node does per record (a per-flow state update in a changelogged key-value store,
 * exactly-once), without hot standby, so that {@code num.standby.replicas} is its only high
 * availability. It runs as a JVM of its own ({@link io.understudy.bench.baseline.BaselineStreamsApp})
 * so the harness can kill it with SIGKILL.
 */
package io.understudy.bench.baseline;
