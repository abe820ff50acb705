package io.understudy.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record's bytes could not be turned back into an Avro record: bad framing, truncated body,
 * unknown schema id, unreachable registry, a writer schema the reader cannot resolve... The
 * message names the topic and says what is wrong. A Kafka consumer wraps it in a
 * {@link org.apache.kafka.common.errors.RecordDeserializationException} that adds the partition
 * and offset; {@link DecodingFailure} puts the two together.
 */
public class RecordDecodingException extends SerializationException {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private final boolean isKey;
    private final String reason;

    public RecordDecodingException(String topic, boolean isKey, String reason, Throwable cause) {
        super("Cannot decode the " + (isKey ? "key" : "value") + " of a record on topic " + topic + ": " + reason, cause);
        this.topic = topic;
        this.isKey = isKey;
        this.reason = reason;
    }

    public RecordDecodingException(String topic, boolean isKey, String reason) {
        this(topic, isKey, reason, null);
    }

    /** The topic the record came from. */
    public String topic() {
        return topic;
    }

    /** True when the key failed, false for the value. */
    public boolean isKey() {
        return isKey;
    }

    /** What is wrong, without the topic. */
    public String reason() {
        return reason;
    }
}
