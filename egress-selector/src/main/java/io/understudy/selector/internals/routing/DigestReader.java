package io.understudy.selector.internals.routing;

import io.understudy.records.NodeOutput;
import io.understudy.schemas.topics.TopicNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the shard's {@link PartitionSelection.DigestLookup look-ups}: re-reads a leader's outputs
 * for the digests of offsets emitted before this owner took the partition over, on a consumer of
 * its own, so that the worker's reading of new outputs (and with it egress) never waits for it.
 *
 * <p>Why beside and not in front: before, a new owner re-read the digests the state named on its own
 * consumer, in front of the leader's new outputs, so egress waited for it: 70,446 outputs and 1.8 s
 * after a saturation run had left the backup far behind. And why also by timestamp: the state
 * names only the digests the nodes its predecessor had read still needed. A node it had not read yet (it started late, or it
 * was resynchronizing and replays its stash from an earlier offset) asks for digests no state named;
 * without them it would be condemned and ordered to resynchronize at every selector takeover, and
 * with no eligible backup meanwhile (the compose test of 2026-12-07 saw exactly that).
 *
 * <p>Where to start: where the predecessor's state said ({@code digestsPosition}), or, for a node no
 * state named, by timestamp: a node's outputs carry their ingress record's timestamp as record
 * timestamp, so {@code offsetsForTimes} at the asking output's ingress timestamp gives a position
 * at or before the leader's output for the same ingress offset. The reading ends with the output for the
 * look-up's last offset, or at the end the topic had when it started (the selection then resolves
 * what still waits as uncomparable). Runs on the worker's thread, a non-blocking poll per loop; the
 * consumer is made at the first look-up.
 */
final class DigestReader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DigestReader.class);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(2);

    private final TopicNames topics;
    private final Supplier<Consumer<String, byte[]>> consumers;
    private final Deserializer<NodeOutput> decoder;
    private final Map<Integer, Reading> readings = new TreeMap<>();
    private Consumer<String, byte[]> consumer;

    /** One partition's look-up being read: where, and the end of the topic when it started (-1: not positioned yet). */
    private record Reading(PartitionSelection selection, PartitionSelection.DigestLookup started, TopicPartition topicPartition,
                           long end) {
        Reading positioned(long endOffset) {
            return new Reading(selection, started, topicPartition, endOffset);
        }
    }

    DigestReader(TopicNames topics, Supplier<Consumer<String, byte[]>> consumers, Deserializer<NodeOutput> decoder) {
        this.topics = topics;
        this.consumers = consumers;
        this.decoder = decoder;
    }

    /** Whether a look-up is being read: the worker then polls again soon. */
    boolean active() {
        return !readings.isEmpty();
    }

    /**
     * Follows the selections' look-ups (started, restarted further back, or ended) and reads what
     * has arrived for them, without blocking.
     */
    void step(Collection<PartitionSelection> selections) {
        boolean reassign = false;
        for (PartitionSelection selection : selections) {
            PartitionSelection.DigestLookup wanted = selection.digestLookup();
            Reading reading = readings.get(selection.partition());
            if (wanted == null) {
                reassign |= readings.remove(selection.partition()) != null;
            } else if (reading == null || !reading.started().equals(wanted)) { // new, or widened: read from its start
                readings.put(selection.partition(), new Reading(selection, wanted,
                        new TopicPartition(topics.nodeOutput(wanted.node()), selection.partition()), -1));
                reassign = true;
            }
        }
        if (readings.isEmpty()) {
            if (reassign && consumer != null) {
                consumer.assign(List.of());
            }
            return;
        }
        if (consumer == null) {
            consumer = consumers.get();
        }
        if (reassign) {
            consumer.assign(readings.values().stream().map(Reading::topicPartition).toList());
        }
        position();
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ZERO)) {
            Reading reading = readings.get(record.partition());
            if (reading == null || !reading.topicPartition().topic().equals(record.topic()) || reading.end() < 0
                    || record.value() == null) {
                continue;
            }
            NodeOutput output = decode(record);
            if (output != null) {
                reading.selection().onLookedUp(output, record.offset());
            }
        }
        for (Reading reading : new ArrayList<>(readings.values())) {
            if (reading.end() < 0) {
                continue;
            }
            if (reading.selection().digestLookup() == null) {
                readings.remove(reading.selection().partition());
            } else if (consumer.position(reading.topicPartition()) >= reading.end()) {
                reading.selection().lookupExhausted();
                readings.remove(reading.selection().partition());
            }
        }
    }

    /** Seeks each new reading to the first output at or after its look-up's timestamp. */
    private void position() {
        for (Reading reading : new ArrayList<>(readings.values())) {
            if (reading.end() >= 0) {
                continue;
            }
            TopicPartition tp = reading.topicPartition();
            PartitionSelection.DigestLookup lookup = reading.started();
            try {
                long end = consumer.endOffsets(List.of(tp), METADATA_TIMEOUT).get(tp);
                long start = end;
                if (lookup.fromTopicOffset() >= 0) {
                    start = Math.min(lookup.fromTopicOffset(), end);
                } else {
                    OffsetAndTimestamp found = consumer.offsetsForTimes(Map.of(tp, lookup.fromTimestamp()), METADATA_TIMEOUT)
                            .get(tp);
                    start = found == null ? end : found.offset();
                }
                consumer.seek(tp, start);
                readings.put(reading.selection().partition(), reading.positioned(end));
                log.info("partition {}: looking up {}'s outputs for offsets {} to {} from {} offset {} ({}; end {})",
                        tp.partition(), lookup.node(), lookup.fromOffset(), lookup.upTo(), tp.topic(), start,
                        lookup.fromTopicOffset() >= 0 ? "where the state said" : "by timestamp", end);
            } catch (TimeoutException e) {
                log.warn("partition {}: looking up {}'s outputs: {} (tried again at the next step)", tp.partition(),
                        reading.started().node(), e.getMessage());
            }
        }
    }

    private NodeOutput decode(ConsumerRecord<String, byte[]> record) {
        try {
            return decoder.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            log.warn("undecodable record at {}-{} offset {} skipped in a look-up: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return null;
        }
    }

    @Override
    public void close() {
        if (consumer != null) {
            consumer.close(Duration.ZERO);
        }
    }
}
