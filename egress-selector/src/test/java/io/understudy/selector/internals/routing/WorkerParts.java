package io.understudy.selector.internals.routing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.understudy.schemas.topics.TopicNames;
import io.understudy.selector.internals.leadership.BackupElection;
import io.understudy.selector.internals.leadership.SelectionPolicy;
import io.understudy.selector.internals.liveness.LivenessView;
import io.understudy.selector.internals.status.StatusBoard;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The parts a {@link ShardWorker} needs against the test broker, for the worker ITs of this
 * package: a context in which only the outputs decide (no liveness checks), the shard's
 * transactional producer, and read_committed consumers.
 */
final class WorkerParts {

    private WorkerParts() {
    }

    /** Node a the initial primary, 300 ms failure timeout, 50 ms commits, no liveness checks. */
    static ShardWorker.Context context(TopicNames topics, String instanceId, SimpleMeterRegistry meters,
                                       SelectorCodecs codecs) {
        SelectionPolicy policy = new SelectionPolicy(Optional.of("a"), 300, 60_000, 1, 1_000_000);
        LivenessView liveness = new LivenessView();
        return new ShardWorker.Context(topics, instanceId, policy, new BackupElection(policy, liveness), liveness,
                new StatusBoard(meters), codecs, 50, 20, () -> false);
    }

    /** Shard 0's transactional producer, {@code initTransactions()} done. */
    static Producer<String, byte[]> shardProducer(String bootstrapServers, TopicNames topics) {
        Producer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, topics.prefix() + "selector-shard-0"),
                new StringSerializer(), new ByteArraySerializer());
        producer.initTransactions();
        return producer;
    }

    static Consumer<String, byte[]> consumer(String bootstrapServers, boolean readCommitted) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted"),
                new StringDeserializer(), new ByteArrayDeserializer());
    }
}
