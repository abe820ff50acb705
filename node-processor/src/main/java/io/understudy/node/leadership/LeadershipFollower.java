package io.understudy.node.leadership;

import io.understudy.records.LeaderChange;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails the leadership topic from its beginning, on a thread of its own and outside any consumer
 * group, and remembers the latest leader of every partition (highest epoch wins).
 *
 * <p>The consumer must read committed records only: the selector writes its decisions in
 * transactions, and an aborted decision never happened.
 */
public final class LeadershipFollower implements LeaderLookup, Runnable, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeadershipFollower.class);

    private record Leader(int epoch, String node) {
    }

    private final Consumer<String, LeaderChange> consumer;
    private final String topic;
    private final Map<Integer, Leader> leaders = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    public LeadershipFollower(Consumer<String, LeaderChange> consumer, String topic, String nodeId) {
        this.consumer = consumer;
        this.topic = topic;
        this.thread = new Thread(this, "understudy-leadership-" + nodeId);
        this.thread.setDaemon(true);
    }

    public LeadershipFollower start() {
        thread.start();
        return this;
    }

    @Override
    public Optional<String> leaderOf(int partition) {
        return Optional.ofNullable(leaders.get(partition)).map(Leader::node);
    }

    /** Records one decision (also for tests that feed decisions by hand). */
    public void accept(LeaderChange change) {
        if (change.getLeader() == null || change.getLeader().isEmpty()) {
            return;
        }
        leaders.merge(change.getPartition(), new Leader(change.getEpoch(), change.getLeader()),
                (known, latest) -> latest.epoch() >= known.epoch() ? latest : known);
    }

    @Override
    public void run() {
        TopicPartition partition = new TopicPartition(topic, 0);
        try {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            while (running) {
                try {
                    for (ConsumerRecord<String, LeaderChange> record : consumer.poll(Duration.ofMillis(100))) {
                        if (record.value() != null) {
                            accept(record.value());
                        }
                    }
                } catch (RecordDeserializationException e) {
                    log.warn("undecodable leadership decision at {} offset {} skipped: {}", e.topicPartition(), e.offset(),
                            e.getMessage());
                    consumer.seek(e.topicPartition(), e.offset() + 1);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            log.error("leadership follower stopped: {}; this node will neither serve synchronization nor send probes",
                    e.toString(), e);
        } finally {
            consumer.close(Duration.ofSeconds(1));
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
