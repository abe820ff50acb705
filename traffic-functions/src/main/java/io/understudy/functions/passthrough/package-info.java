/**
 * {@code passthrough}: forwards every payload unchanged and counts packets and bytes per flow.
 * The cheapest possible stateful function, and so the baseline of the end-to-end benchmarks.
 *
 * <p>Per-flow state: {@link io.understudy.functions.passthrough.FlowCount} (packets, bytes),
 * encoded in a fixed 16 bytes. Control records are answered with the drop verdict
 * {@code "control record ignored"} and leave the state as it was. No settings.
 */
package io.understudy.functions.passthrough;
