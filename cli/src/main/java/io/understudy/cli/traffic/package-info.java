/**
 * {@code understudy traffic} and {@code understudy verify}: the harness's traffic generator ({@link
 * io.understudy.harness.traffic.TrafficGenerator}) against a running bridge, recording what it sent,
 * and the check of an egress topic against that record.
 */
package io.understudy.cli.traffic;
