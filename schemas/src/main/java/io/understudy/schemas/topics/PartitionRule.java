package io.understudy.schemas.topics;

/** How many partitions a topic has. */
public enum PartitionRule {
    /**
     * As many as the ingress topic: partition p of the topic holds what concerns ingress
     * partition p, so every shared-partition topic must have exactly the same count.
     */
    SHARED,
    /** Exactly one: a single total order (heartbeats, the leadership audit log). */
    ONE
}
