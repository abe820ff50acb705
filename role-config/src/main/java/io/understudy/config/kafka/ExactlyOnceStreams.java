package io.understudy.config.kafka;

import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The exactly-once Kafka Streams properties, built in one place: a node's topology runs with them,
 * and so does the benchmark's Kafka Streams baseline, so that the comparison measures standby
 * against hot standby and not two tunings of the transactions underneath.
 *
 * <p>What they decide: {@code exactly_once_v2}; the commit interval (outputs become visible to
 * their readers at each commit, so it bounds latency from below); the producer's linger; and a
 * short retry backoff for the producer, because back-to-back transactions meet
 * {@code CONCURRENT_TRANSACTIONS} while the previous commit's markers are written (at every commit,
 * with transactions v2), and Kafka's default 100 ms backoff would add that much latency to it.
 */
public final class ExactlyOnceStreams {

    /** The producer's first retry backoff, in ms. */
    public static final int RETRY_BACKOFF_MS = 5;
    /** The producer's longest retry backoff, in ms. */
    public static final int RETRY_BACKOFF_MAX_MS = 50;

    private ExactlyOnceStreams() {
    }

    /**
     * The exactly-once properties of an application; the caller adds its own (bootstrap servers,
     * state directory, threads...) and its pass-through overrides last.
     */
    public static Properties properties(String applicationId, long commitIntervalMs, int producerLingerMs) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), producerLingerMs);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), RETRY_BACKOFF_MS);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG), RETRY_BACKOFF_MAX_MS);
        return props;
    }
}
