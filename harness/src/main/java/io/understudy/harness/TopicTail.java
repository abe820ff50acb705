package io.understudy.harness;

import io.understudy.records.Heartbeat;
import io.understudy.schemas.topics.TopicFollower;
import io.understudy.schemas.topics.TopicNames;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows every partition of a topic (or of several) with string keys, committed records only,
 * outside any consumer group, and hands each record to a sink as it arrives: a {@link
 * TopicFollower} per topic with the demo's settings.
 */
public final class TopicTail<V> implements AutoCloseable {

    private final List<TopicFollower<String, V>> followers;

    public TopicTail(String bootstrapServers, String topic, Deserializer<V> values, boolean fromBeginning,
              Consumer<ConsumerRecord<String, V>> sink) {
        this(bootstrapServers, List.of(topic), values, fromBeginning, sink);
    }

    /** One tail of several topics (one follower each), into one sink: it must take records from several threads. */
    public TopicTail(String bootstrapServers, List<String> topics, Deserializer<V> values, boolean fromBeginning,
                     Consumer<ConsumerRecord<String, V>> sink) {
        this.followers = topics.stream().map(topic -> new TopicFollower<>(
                TopicFollower.committedReader(bootstrapServers, 20, new StringDeserializer(), values), topic,
                fromBeginning ? TopicFollower.Start.BEGINNING : TopicFollower.Start.END, Duration.ofMillis(50),
                "tail-" + topic, sink)).toList();
    }

    /**
     * The heartbeats of the given nodes, each from its own topic, from now on; a heartbeat naming
     * another node than its topic's is not its writer's and is dropped.
     */
    public static TopicTail<Heartbeat> heartbeats(String bootstrapServers, TopicNames topics, List<String> nodes,
                                                  Deserializer<Heartbeat> values, Consumer<Heartbeat> sink) {
        return new TopicTail<>(bootstrapServers, nodes.stream().map(topics::heartbeats).toList(), values, false,
                record -> {
                    if (record.value() != null && topics.heartbeatsNodeOf(record.topic())
                            .filter(record.value().getNodeId()::equals).isPresent()) {
                        sink.accept(record.value());
                    }
                });
    }

    public TopicTail<V> start() {
        followers.forEach(TopicFollower::start);
        return this;
    }

    /** Throws what stopped the tail, if anything did. */
    public void check() {
        followers.forEach(TopicFollower::check);
    }

    @Override
    public void close() {
        followers.forEach(TopicFollower::close);
    }
}
