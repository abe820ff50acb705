/**
 * Who leads each ingress partition, as this node learns it from the egress selector's leadership
 * topic ({@link io.understudy.node.internals.leadership.LeadershipFollower}). Only the leader of a partition
 * answers synchronization requests and sends probes for it.
 */
package io.understudy.node.internals.leadership;
