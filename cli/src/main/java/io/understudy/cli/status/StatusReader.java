package io.understudy.cli.status;

import io.understudy.records.EgressRecord;
import io.understudy.records.Heartbeat;
import io.understudy.records.LeaderChange;
import io.understudy.records.LeaderChangeReason;
import io.understudy.records.PartitionProgress;
import io.understudy.records.SelectorHeartbeat;
import io.understudy.schemas.topics.TopicNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a {@link ClusterStatus} from the topics, committed records only: the whole leadership
 * topic (one small record per decision), the last few records of each egress partition, and the
 * node and selector heartbeats of the last {@code heartbeatWindow}.
 */
final class StatusReader implements AutoCloseable {

    /** Egress records read back from each partition's end to find the latest one. */
    private static final int EGRESS_TAIL = 64;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaConsumer<String, byte[]> consumer;

    StatusReader(Map<String, Object> clientSettings) {
        Map<String, Object> settings = new HashMap<>(clientSettings);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        settings.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "understudy-status");
        this.consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer());
    }

    ClusterStatus read(TopicNames topics, Deserializer<LeaderChange> leadership, Deserializer<EgressRecord> egress,
                       Deserializer<Heartbeat> heartbeats, Deserializer<SelectorHeartbeat> selectorHeartbeats,
                       Duration heartbeatWindow, long now) {
        var infos = consumer.partitionsFor(topics.ingress(), READ_TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalArgumentException("topic " + topics.ingress() + " does not exist: is this the deployment's"
                    + " bootstrap server and topic prefix (" + topics.prefix() + ")?");
        }
        int partitions = infos.size();

        Map<Integer, LeaderChange> latest = new HashMap<>();
        Map<Integer, LeaderChange> lastMove = new HashMap<>();
        read(new TopicPartition(topics.leadership(), 0), -1, (record, value) -> {
            LeaderChange change = leadership.deserialize(topics.leadership(), value);
            latest.put(change.getPartition(), change);
            LeaderChangeReason reason = change.getReason();
            if (reason == LeaderChangeReason.LEADER_FAILED || reason == LeaderChangeReason.LEADER_STALLED
                    || reason == LeaderChangeReason.SWITCHOVER) {
                lastMove.put(change.getPartition(), change);
            }
        });

        List<ClusterStatus.PartitionStatus> statuses = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            TopicPartition tp = new TopicPartition(topics.egress(), p);
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            long start = Math.max(consumer.beginningOffsets(List.of(tp)).get(tp), end - EGRESS_TAIL);
            long[] watermark = {-1};
            read(tp, start, (record, value) -> watermark[0] = Math.max(watermark[0],
                    egress.deserialize(topics.egress(), value).getIngressOffset()));
            LeaderChange change = latest.get(p);
            if (watermark[0] < 0 && change != null) {
                watermark[0] = change.getWatermark(); // egress truncated or idle: the last decision's watermark
            }
            statuses.add(new ClusterStatus.PartitionStatus(p, change == null ? null : change.getLeader(),
                    change == null ? 0 : change.getEpoch(),
                    change != null && change.getReason() == LeaderChangeReason.NO_ELIGIBLE_BACKUP, watermark[0],
                    Optional.ofNullable(lastMove.get(p)).map(move -> new ClusterStatus.Failover(move.getEpoch(),
                            move.getPreviousLeader(), move.getLeader(), move.getReason().name(), move.getDetail(),
                            move.getDecidedAt()))));
        }

        // the latest heartbeat of each instance of each node (a node of one instance is one instance); one heartbeats
        // topic per node (only that node writes it): a record naming another node is not its writer's
        Map<String, Map<String, Long>> instanceRecords = new TreeMap<>();
        Map<String, Map<String, Heartbeat>> instanceBeats = new TreeMap<>();
        for (String topic : new TreeSet<>(consumer.listTopics(READ_TIMEOUT).keySet())) {
            Optional<String> writer = topics.heartbeatsNodeOf(topic);
            if (writer.isEmpty()) {
                continue;
            }
            TopicPartition beats = new TopicPartition(topic, 0);
            OffsetAndTimestamp from = consumer.offsetsForTimes(Map.of(beats, now - heartbeatWindow.toMillis())).get(beats);
            if (from == null) {
                continue;
            }
            read(beats, from.offset(), (record, value) -> {
                Heartbeat heartbeat = heartbeats.deserialize(topic, value);
                if (!writer.get().equals(heartbeat.getNodeId())) {
                    return;
                }
                String instance = heartbeat.getInstanceId().isEmpty() ? heartbeat.getNodeId() : heartbeat.getInstanceId();
                instanceRecords.computeIfAbsent(heartbeat.getNodeId(), n -> new TreeMap<>()).put(instance, record.timestamp());
                instanceBeats.computeIfAbsent(heartbeat.getNodeId(), n -> new TreeMap<>()).put(instance, heartbeat);
            });
        }
        Map<String, ClusterStatus.NodeStatus> nodes = new TreeMap<>();
        instanceBeats.forEach((node, byInstance) -> {
            // each partition as the latest heartbeat listing it says; the node's age is its freshest instance's
            Map<Integer, ClusterStatus.Progress> progress = new TreeMap<>();
            Map<Integer, Long> listedAt = new HashMap<>();
            long newest = Long.MIN_VALUE;
            String incarnation = "";
            for (Map.Entry<String, Heartbeat> entry : byInstance.entrySet()) {
                long at = instanceRecords.get(node).get(entry.getKey());
                if (at > newest) {
                    newest = at;
                    incarnation = entry.getValue().getIncarnation();
                }
                for (PartitionProgress partition : entry.getValue().getPartitions()) {
                    if (listedAt.getOrDefault(partition.getPartition(), Long.MIN_VALUE) <= at) {
                        listedAt.put(partition.getPartition(), at);
                        progress.put(partition.getPartition(), new ClusterStatus.Progress(
                                partition.getSyncState().name(), partition.getLastOffset()));
                    }
                }
            }
            nodes.put(node, new ClusterStatus.NodeStatus(node, Math.max(0, now - newest), incarnation, progress));
        });
        Map<String, ClusterStatus.SelectorStatus> selectors = new TreeMap<>();
        TopicPartition selectorBeats = new TopicPartition(topics.selectorHeartbeats(), 0);
        if (consumer.partitionsFor(topics.selectorHeartbeats(), READ_TIMEOUT).size() > 0) {
            OffsetAndTimestamp fromSelectors = consumer.offsetsForTimes(Map.of(selectorBeats,
                    now - heartbeatWindow.toMillis())).get(selectorBeats);
            if (fromSelectors != null) {
                read(selectorBeats, fromSelectors.offset(), (record, value) -> {
                    SelectorHeartbeat heartbeat = selectorHeartbeats.deserialize(topics.selectorHeartbeats(), value);
                    selectors.put(heartbeat.getInstanceId(), new ClusterStatus.SelectorStatus(heartbeat.getInstanceId(),
                            Math.max(0, now - record.timestamp()), heartbeat.getShardCount(),
                            List.copyOf(heartbeat.getOwned())));
                });
            }
        }
        return new ClusterStatus(now, statuses, nodes, selectors);
    }

    /** Every committed record of {@code tp} from {@code from} (-1: its beginning) to its current end. */
    private void read(TopicPartition tp, long from, BiConsumer<ConsumerRecord<String, byte[]>, byte[]> sink) {
        consumer.assign(List.of(tp));
        if (from < 0) {
            consumer.seekToBeginning(List.of(tp));
        } else {
            consumer.seek(tp, from);
        }
        long end = consumer.endOffsets(List.of(tp)).get(tp);
        long deadline = System.currentTimeMillis() + READ_TIMEOUT.toMillis();
        while (consumer.position(tp) < end) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("reading " + tp + " made no progress for " + READ_TIMEOUT.toSeconds()
                        + " s at offset " + consumer.position(tp));
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                deadline = System.currentTimeMillis() + READ_TIMEOUT.toMillis(); // progress: the wait starts over
                if (record.offset() < end && record.value() != null) {
                    sink.accept(record, record.value());
                }
            }
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
