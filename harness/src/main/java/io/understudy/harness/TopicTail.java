package io.understudy.harness;

import io.understudy.schemas.topics.TopicFollower;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows every partition of a topic with string keys, committed records only, outside any
 * consumer group, and hands each record to a sink as it arrives: a {@link TopicFollower} with the
 * demo's settings.
 */
public final class TopicTail<V> implements AutoCloseable {

    private final TopicFollower<String, V> follower;

    public TopicTail(String bootstrapServers, String topic, Deserializer<V> values, boolean fromBeginning,
              Consumer<ConsumerRecord<String, V>> sink) {
        this.follower = new TopicFollower<>(
                TopicFollower.committedReader(bootstrapServers, 20, new StringDeserializer(), values), topic,
                fromBeginning ? TopicFollower.Start.BEGINNING : TopicFollower.Start.END, Duration.ofMillis(50),
                "tail-" + topic, sink);
    }

    public TopicTail<V> start() {
        follower.start();
        return this;
    }

    /** Throws what stopped the tail, if anything did. */
    public void check() {
        follower.check();
    }

    @Override
    public void close() {
        follower.close();
    }
}
