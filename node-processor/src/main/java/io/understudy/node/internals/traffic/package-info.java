/**
 * One ingress record through the traffic function into exactly one {@code NodeOutput} ({@link
 * io.understudy.node.internals.traffic.TrafficPath}): the same path for live records and for the replay of
 * a backup's stash.
 */
package io.understudy.node.internals.traffic;
