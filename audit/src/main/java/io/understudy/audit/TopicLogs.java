package io.understudy.audit;

import io.understudy.records.EgressRecord;
import io.understudy.records.LeaderChange;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads partitions of Understudy topics for the audit and the replay: committed records only
 * ({@code read_committed}), from the first offset retention left to the end offset at the time of
 * reading. One consumer, one partition at a time, no consumer group.
 */
public final class TopicLogs implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Duration stallTimeout;

    /**
     * @param clientSettings Kafka client settings (bootstrap.servers and any security settings)
     * @param stallTimeout   how long a read may make no progress before it fails
     */
    public TopicLogs(Map<String, Object> clientSettings, Duration stallTimeout) {
        Map<String, Object> settings = new HashMap<>(clientSettings);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer());
        this.stallTimeout = stallTimeout;
    }

    public int partitionCount(String topic) {
        var infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalArgumentException("topic " + topic + " does not exist");
        }
        return infos.size();
    }

    /** First offset still held by a partition. */
    public long logStart(String topic, int partition) {
        TopicPartition tp = new TopicPartition(topic, partition);
        return consumer.beginningOffsets(List.of(tp)).get(tp);
    }

    /** End offset of a partition for a committed reader (the last stable offset). */
    public long end(String topic, int partition) {
        TopicPartition tp = new TopicPartition(topic, partition);
        return consumer.endOffsets(List.of(tp)).get(tp);
    }

    /** Every ingress record of a partition, read lazily as it is iterated, up to {@code end}. */
    public Iterable<IngressEntry> ingress(String topic, int partition, long end) {
        return () -> new Iterator<>() {
            private final ArrayDeque<IngressEntry> buffered = new ArrayDeque<>();
            private final TopicPartition tp = seek(topic, partition);
            private long lastProgressAt = System.currentTimeMillis();

            @Override
            public boolean hasNext() {
                while (buffered.isEmpty() && consumer.position(tp) < end) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                        if (record.offset() < end) {
                            buffered.add(new IngressEntry(partition, record.offset(), record.key(), record.value(),
                                    record.timestamp()));
                        }
                    }
                    lastProgressAt = checkProgress(tp, lastProgressAt, !buffered.isEmpty());
                }
                return !buffered.isEmpty();
            }

            @Override
            public IngressEntry next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return buffered.poll();
            }
        };
    }

    /** Every egress record of a partition up to its current end, decoded (or marked undecodable). */
    public List<EgressEntry> egress(String topic, int partition, Deserializer<EgressRecord> decoder) {
        List<EgressEntry> entries = new ArrayList<>();
        readAll(topic, partition, record -> {
            try {
                entries.add(EgressEntry.of(partition, record.offset(), decoder.deserialize(topic, record.value())));
            } catch (RuntimeException e) {
                entries.add(EgressEntry.undecodable(partition, record.offset(), String.valueOf(e.getMessage())));
            }
        });
        return entries;
    }

    /** The leadership log (one partition), in order. */
    public List<LeadershipEntry> leadership(String topic, Deserializer<LeaderChange> decoder) {
        List<LeadershipEntry> entries = new ArrayList<>();
        readAll(topic, 0, record -> entries.add(new LeadershipEntry(record.offset(),
                decoder.deserialize(topic, record.value()))));
        return entries;
    }

    /** Hands every committed record of a partition, up to its current end, to {@code sink}. */
    public void readAll(String topic, int partition, Consumer<ConsumerRecord<String, byte[]>> sink) {
        TopicPartition tp = seek(topic, partition);
        long end = consumer.endOffsets(List.of(tp)).get(tp);
        long lastProgressAt = System.currentTimeMillis();
        while (consumer.position(tp) < end) {
            boolean progressed = false;
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                if (record.offset() < end) {
                    sink.accept(record);
                    progressed = true;
                }
            }
            lastProgressAt = checkProgress(tp, lastProgressAt, progressed);
        }
    }

    private TopicPartition seek(String topic, int partition) {
        TopicPartition tp = new TopicPartition(topic, partition);
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        return tp;
    }

    private long checkProgress(TopicPartition tp, long lastProgressAt, boolean progressed) {
        long now = System.currentTimeMillis();
        if (progressed) {
            return now;
        }
        if (now - lastProgressAt > stallTimeout.toMillis()) {
            throw new IllegalStateException("reading " + tp + " made no progress for " + stallTimeout.toSeconds()
                    + " s at offset " + consumer.position(tp));
        }
        return lastProgressAt;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
