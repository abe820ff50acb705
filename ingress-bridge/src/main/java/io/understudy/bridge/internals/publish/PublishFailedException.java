package io.understudy.bridge.internals.publish;

import io.understudy.bridge.RejectReason;
import java.util.Objects;

/** Kafka did not take a packet; the message says why and the reason says how to answer the sender. */
public final class PublishFailedException extends RuntimeException {

    private final RejectReason reason;

    public PublishFailedException(RejectReason reason, String message, Throwable cause) {
        // no stack trace: thousands of these are made while Kafka is down, and the cause has its own
        super(message, cause, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public RejectReason reason() {
        return reason;
    }
}
