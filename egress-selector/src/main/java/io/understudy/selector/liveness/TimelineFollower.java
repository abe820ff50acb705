package io.understudy.selector.liveness;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a one-partition heartbeats topic on a thread of its own, outside any consumer group,
 * handing each value to a sink with the broker's timestamp of it (the topic is LogAppendTime).
 *
 * <p>It starts {@code lookback} before the local clock's now (the only clock read here, and only to
 * choose where to start), so that a restarted selector knows at once who was alive in the last
 * seconds, and it tells when it has read up to the end the topic had at its start: until then
 * nobody may be judged silent (that is the start-up grace, as long as the catch-up takes and no
 * longer). An undecodable record proves nobody alive: it is skipped with a warning. If the thread
 * dies, {@link #alive()} turns false and the owner must report itself unhealthy: from then on no
 * failure can be seen.
 *
 * @param <V> the heartbeat type
 */
public final class TimelineFollower<V> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TimelineFollower.class);

    private final Consumer<String, V> consumer;
    private final TopicPartition partition;
    private final Duration lookback;
    private final BiConsumer<V, Long> sink;
    private final Runnable onCaughtUp;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;

    /**
     * @param consumer   a consumer of its own (closed by the follower), not in any group
     * @param sink       gets each value with its broker timestamp, in log order
     * @param onCaughtUp called once, when the end the topic had at the start has been read
     */
    public TimelineFollower(Consumer<String, V> consumer, String topic, Duration lookback, String threadName,
                            BiConsumer<V, Long> sink, Runnable onCaughtUp) {
        this.consumer = consumer;
        this.partition = new TopicPartition(topic, 0);
        this.lookback = lookback;
        this.sink = sink;
        this.onCaughtUp = onCaughtUp;
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    public TimelineFollower<V> start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            consumer.assign(List.of(partition));
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(
                    Map.of(partition, Math.max(0, System.currentTimeMillis() - lookback.toMillis())), Duration.ofSeconds(30));
            long end = consumer.endOffsets(List.of(partition), Duration.ofSeconds(30)).get(partition);
            OffsetAndTimestamp from = found.get(partition);
            consumer.seek(partition, from == null ? end : from.offset());
            boolean caughtUp = false;
            while (running) {
                try {
                    for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(50))) {
                        if (record.value() != null) {
                            sink.accept(record.value(), record.timestamp());
                        }
                    }
                } catch (RecordDeserializationException e) {
                    log.warn("undecodable heartbeat at {} offset {} skipped: {}", e.topicPartition(), e.offset(),
                            e.getMessage());
                    consumer.seek(e.topicPartition(), e.offset() + 1);
                }
                if (!caughtUp && consumer.position(partition) >= end) {
                    caughtUp = true;
                    onCaughtUp.run();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (Throwable e) {
            failure = e;
            log.error("following {} stopped, no more heartbeats will be read: {}", partition.topic(), e.toString(), e);
        } finally {
            consumer.close(Duration.ofSeconds(1));
        }
    }

    /** False once the thread stopped on a failure (or was closed): heartbeats are no longer read. */
    public boolean alive() {
        return running && failure == null && thread.isAlive();
    }

    /** What stopped the thread, for health reports; null while it runs. */
    public String failure() {
        return failure == null ? (thread.isAlive() || !running ? null : "not running") : failure.toString();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(3_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
