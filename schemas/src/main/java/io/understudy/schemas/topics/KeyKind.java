package io.understudy.schemas.topics;

/**
 * What the key of a topic's records is. Every key is a plain UTF-8 string (Kafka's
 * {@code StringSerializer}), never Avro, so any tool can read and partition by it.
 */
public enum KeyKind {
    /** The flow (session) id: keeps one flow in one partition, in order. */
    FLOW_ID,
    /** The id of the node that wrote the record. */
    NODE_ID,
    /** The id of the egress selector instance that wrote the record. */
    INSTANCE_ID,
    /** An ingress partition number as a decimal string, e.g. {@code "3"}. */
    PARTITION
}
