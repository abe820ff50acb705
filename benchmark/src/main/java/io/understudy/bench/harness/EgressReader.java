package io.understudy.bench.harness;

import io.understudy.schemas.topics.TopicFollower;
import java.time.Duration;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a system's egress topic from the beginning on a thread of its own, outside any consumer
 * group, committed records only (what a downstream reader would see), and hands every record to the
 * {@link EgressCounter} with the time it arrived.
 */
final class EgressReader implements AutoCloseable {

    private final TopicFollower<byte[], byte[]> follower;

    EgressReader(String bootstrapServers, String topic, EgressDecoder decoder, EgressCounter counter) {
        this.follower = new TopicFollower<>(
                TopicFollower.committedReader(bootstrapServers, 10, new ByteArrayDeserializer(),
                        new ByteArrayDeserializer()),
                topic, TopicFollower.Start.BEGINNING, Duration.ofMillis(50), "egress-reader-" + topic, record -> {
                    long arrived = System.nanoTime();
                    EgressDecoder.Decoded decoded = decoder.decode(record);
                    counter.egress(record.partition(), decoded.payload(), decoded.producer(), arrived);
                });
    }

    EgressReader start() {
        follower.start();
        return this;
    }

    /** Throws what stopped the reader, if anything did. */
    void check() {
        follower.check();
    }

    @Override
    public void close() {
        follower.close();
    }
}
