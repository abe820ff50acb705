/**
 * {@code understudy status}: who leads each partition, under which epoch, up to which offset
 * egress went, where every backup stands, and the last failover, read from the leadership,
 * egress and heartbeat topics (so it works with the selector down, and needs only read access).
 */
package io.understudy.cli.status;
