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
    /**
     * The node and its instance that wrote the record, {@code node/instance} (e.g. {@code a/a1}):
     * one node may run as several Kafka Streams instances, each with a heartbeat of its own.
     */
    NODE_INSTANCE,
    /** The id of the egress selector instance that wrote the record. */
    INSTANCE_ID,
    /** An ingress partition number as a decimal string, e.g. {@code "3"}. */
    PARTITION
}
