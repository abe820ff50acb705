package io.understudy.schemas.serde;

/**
 * The subject a topic's schemas are registered under, as Confluent's default
 * {@code TopicNameStrategy} names it: {@code <topic>-value} for values, {@code <topic>-key} for
 * keys. Using the same naming lets Confluent tools find Understudy's schemas.
 */
public final class TopicNameStrategy {

    private TopicNameStrategy() {
    }

    /** The subject of the topic's values: {@code <topic>-value}. */
    public static String valueSubject(String topic) {
        return topic + "-value";
    }

    /** The subject of the topic's keys: {@code <topic>-key}. */
    public static String keySubject(String topic) {
        return topic + "-key";
    }

    /** The subject of the topic's keys or values. */
    public static String subject(String topic, boolean isKey) {
        return isKey ? keySubject(topic) : valueSubject(topic);
    }
}
