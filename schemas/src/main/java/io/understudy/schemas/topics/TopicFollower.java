package io.understudy.schemas.topics;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows every partition of a topic on a thread of its own, outside any consumer group (a reader
 * that must not wait for a rebalance), and hands each record to a sink as it arrives. A record
 * that does not decode is skipped with a warning: one bad record must not blind the reader.
 *
 * <p>Used wherever a role or a tool watches a topic: the node following leadership decisions, the
 * selector listening to heartbeats (from a few seconds back, {@link Start#RECENT}) and tailing its
 * state, the demo and the benchmark reading egress. It says when it has caught up with the end the
 * topic had at its start, and if it stopped on a failure, so that its owner can report itself
 * unhealthy rather than go on blind.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class TopicFollower<K, V> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);

    /** Where the follower starts on every partition. */
    public enum Start {
        /** The whole retained topic. */
        BEGINNING,
        /** Only records written from now on. */
        END,
        /**
         * The records of the last {@link #withLookback lookback} (by record timestamp), then on: a
         * restarted reader of heartbeats knows at once who was alive.
         */
        RECENT
    }

    private final org.apache.kafka.clients.consumer.Consumer<K, V> consumer;
    private final String topic;
    private final Start start;
    private final Consumer<ConsumerRecord<K, V>> sink;
    private final Duration poll;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean caughtUp;
    private volatile Throwable failure;
    private Duration lookback = Duration.ZERO;
    private Runnable onCaughtUp = () -> { };
    private final Map<Integer, Long> positions = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param consumer a consumer of its own (the follower closes it), e.g. with {@link #committedReader}
     * @param poll     how long one poll may wait: the longest a close waits for the thread
     */
    public TopicFollower(org.apache.kafka.clients.consumer.Consumer<K, V> consumer, String topic, Start start,
                         Duration poll, String threadName, Consumer<ConsumerRecord<K, V>> sink) {
        this.consumer = consumer;
        this.topic = topic;
        this.start = start;
        this.poll = poll;
        this.sink = sink;
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    /**
     * Settings for a consumer that reads only committed records (an aborted transaction never
     * happened) outside any group, answering within {@code fetchMaxWaitMs} when nothing is new.
     */
    public static Map<String, Object> committedReader(Map<String, Object> clientSettings, int fetchMaxWaitMs) {
        Map<String, Object> settings = new HashMap<>(clientSettings);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, fetchMaxWaitMs);
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        return settings;
    }

    /** As {@link #committedReader(Map, int)}, for a bootstrap address alone. */
    public static <K, V> KafkaConsumer<K, V> committedReader(String bootstrapServers, int fetchMaxWaitMs,
                                                             Deserializer<K> keys, Deserializer<V> values) {
        return new KafkaConsumer<>(committedReader(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                fetchMaxWaitMs), keys, values);
    }

    /** For {@link Start#RECENT}: how far back, by record timestamp, the follower starts. */
    public TopicFollower<K, V> withLookback(Duration lookback) {
        this.lookback = lookback;
        return this;
    }

    /**
     * Called once, on the follower's thread, when it has read every partition up to the end it had
     * when the follower started (at once for {@link Start#END}).
     */
    public TopicFollower<K, V> onCaughtUp(Runnable onCaughtUp) {
        this.onCaughtUp = onCaughtUp;
        return this;
    }

    public TopicFollower<K, V> start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            switch (start) {
                case BEGINNING -> consumer.seekToBeginning(partitions);
                case END -> consumer.seekToEnd(partitions);
                case RECENT -> seekToRecent(partitions, ends);
            }
            while (running) {
                try {
                    if (!caughtUp && reached(ends)) { // before a poll: a topic read to its end says so at once
                        caughtUp = true;
                        onCaughtUp.run();
                    }
                    for (ConsumerRecord<K, V> record : consumer.poll(poll)) {
                        sink.accept(record);
                    }
                } catch (RecordDeserializationException e) {
                    log.warn("undecodable record at {} offset {} skipped: {}", e.topicPartition(), e.offset(),
                            e.getMessage());
                    consumer.seek(e.topicPartition(), e.offset() + 1);
                }
                for (TopicPartition partition : partitions) {
                    positions.put(partition.partition(), consumer.position(partition));
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (Throwable e) { // an Error too: whoever relies on this reader must learn that it stopped
            failure = e;
            log.error("following {} stopped: {}", topic, e.toString(), e);
        } finally {
            consumer.close(Duration.ofSeconds(1));
        }
    }

    /** True when the consumer's position on every partition is at or past {@code ends} (resolving positions). */
    private boolean reached(Map<TopicPartition, Long> ends) {
        for (TopicPartition partition : consumer.assignment()) {
            if (consumer.position(partition) < ends.getOrDefault(partition, 0L)) {
                return false;
            }
        }
        log.debug("following {}: caught up with {}", topic, ends);
        return true;
    }

    /**
     * True once the follower has handed over every record that was in the topic when it started
     * ({@link Start#BEGINNING}: it has read up to the end offsets of that moment), or, from the end,
     * once its position at the end is settled, so that every record written from then on reaches
     * the sink. Until then, what the sink has seen is a replay in progress.
     */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** Seeks every partition to its first record no older than the lookback (by the local clock: only where to start). */
    private void seekToRecent(List<TopicPartition> partitions, Map<TopicPartition, Long> ends) {
        long since = Math.max(0, System.currentTimeMillis() - lookback.toMillis());
        Map<TopicPartition, Long> query = new java.util.HashMap<>();
        partitions.forEach(partition -> query.put(partition, since));
        Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndTimestamp> found =
                consumer.offsetsForTimes(query, Duration.ofSeconds(30));
        for (TopicPartition partition : partitions) {
            var offset = found.get(partition);
            consumer.seek(partition, offset == null ? ends.get(partition) : offset.offset());
        }
    }

    /** The next offset to read of each partition, as of the last poll (empty before the first). */
    public Map<Integer, Long> positions() {
        return Map.copyOf(positions);
    }

    /** What stopped the follower, or null while it reads (or after a close). */
    public String failure() {
        return failure == null ? null : failure.toString();
    }

    /** Throws what stopped the follower, if anything did. */
    public void check() {
        if (failure != null) {
            throw new IllegalStateException("reading " + topic + " failed: " + failure, failure);
        }
    }

    /** True while the follower reads (false once it stopped on a failure or was closed). */
    public boolean running() {
        return running && failure == null && thread.isAlive();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(poll.toMillis() + 3_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
