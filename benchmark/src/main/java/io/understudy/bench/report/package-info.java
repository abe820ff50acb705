/**
 * What a benchmark run writes into its results folder: {@code report.md} (tables, ratios
 * Understudy/baseline, targets), {@code report.json} (every number) and one PNG per system with a
 * standby showing the egress rate around the kill.
 */
package io.understudy.bench.report;
