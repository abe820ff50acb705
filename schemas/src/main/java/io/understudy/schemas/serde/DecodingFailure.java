package io.understudy.schemas.serde;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.RecordDeserializationException;

/**
 * Where a record that could not be decoded sits and what is wrong with it: the full story for a
 * log line or an alarm, once a consumer knows the partition and offset that the deserializer
 * does not.
 *
 * @param topic     the topic
 * @param partition the partition
 * @param offset    the record's offset
 * @param isKey     true when the key failed, false for the value
 * @param reason    what is wrong, e.g. "wrong magic byte 0x01 at byte 0 ..."
 */
public record DecodingFailure(String topic, int partition, long offset, boolean isKey, String reason) {

    /** The failure a Kafka consumer reported from {@code poll()}. */
    public static DecodingFailure of(RecordDeserializationException e) {
        return new DecodingFailure(e.topicPartition().topic(), e.topicPartition().partition(), e.offset(),
                e.origin() == RecordDeserializationException.DeserializationExceptionOrigin.KEY, reasonOf(e.getCause(), e));
    }

    /**
     * The failure to decode a raw record, e.g. in a Kafka Streams
     * {@code DeserializationExceptionHandler}.
     */
    public static DecodingFailure of(ConsumerRecord<byte[], byte[]> record, Exception e) {
        boolean isKey = e instanceof RecordDecodingException decoding && decoding.isKey();
        return new DecodingFailure(record.topic(), record.partition(), record.offset(), isKey, reasonOf(e, e));
    }

    /** One sentence naming the topic, partition and offset and what is wrong. */
    public String describe() {
        return "Cannot decode the " + (isKey ? "key" : "value") + " of the record at offset " + offset
                + " of partition " + partition + " of topic " + topic + ": " + reason;
    }

    @Override
    public String toString() {
        return describe();
    }

    private static String reasonOf(Throwable cause, Throwable fallback) {
        if (cause instanceof RecordDecodingException decoding) {
            return decoding.reason();
        }
        Throwable known = cause != null ? cause : fallback;
        return known.getMessage() != null ? known.getMessage() : known.getClass().getName();
    }
}
