package io.understudy.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record could not be serialized: its schema could not be registered or found in the
 * registry (unreachable, incompatible with the subject's earlier versions, not registered with
 * auto-registration off), or the record itself is invalid (e.g. a required field is null). The
 * message names the topic and the record type.
 */
public class RecordEncodingException extends SerializationException {

    private static final long serialVersionUID = 1L;

    private final String topic;

    public RecordEncodingException(String topic, String message, Throwable cause) {
        super(message, cause);
        this.topic = topic;
    }

    /** The topic the record was for. */
    public String topic() {
        return topic;
    }
}
