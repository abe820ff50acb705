package io.understudy.node.internals.sync;

import io.understudy.records.NodeOutput;
import io.understudy.records.SyncMessage;

/** Where the protocol's outputs go: the task's output topic and the sync topic, in its transaction. */
public interface Outbox {

    /** One output answering an ingress record, with that record's timestamp. */
    void output(NodeOutput output, long timestamp);

    /** One protocol message, to partition {@code message.partition} of the sync topic. */
    void send(SyncMessage message);
}
