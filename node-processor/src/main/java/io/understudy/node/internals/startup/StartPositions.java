package io.understudy.node.internals.startup;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a node's consumer begins on each partition, settled before its Kafka Streams application
 * starts, so that a new backup's stash is known to be complete from an exact offset, even on a
 * partition that receives nothing for a while.
 *
 * <p>For every partition the node's consumer group has no committed offset for, the current end of
 * the topic is committed: the sync topics always (old protocol messages are not for a new node;
 * a sync topic created later starts at its end too, by the reset policy),
 * and the ingress topic unless the node reads the log from its beginning (the initial primary).
 * Then, per ingress partition, the committed offset is exactly the first record the node will see.
 */
public final class StartPositions {

    private static final Logger log = LoggerFactory.getLogger(StartPositions.class);

    private StartPositions() {
    }

    /**
     * @param admin          an admin client of the cluster
     * @param groupId        the node's consumer group (its Kafka Streams application id)
     * @param ingressTopic   the ingress topic
     * @param syncTopics     the sync topics that exist (as many partitions as ingress each)
     * @param partitions     the ingress partition count
     * @param fromBeginning  the node reads ingress from the beginning of the log (initial primary)
     * @return per ingress partition, the offset the node's consumer resumes from (absent when it
     *         starts from the beginning of the log)
     * @throws IllegalStateException naming the group and topic when the cluster does not answer
     */
    public static Map<Integer, Long> settle(Admin admin, String groupId, String ingressTopic,
                                            Collection<String> syncTopics, int partitions, boolean fromBeginning, Duration timeout) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
            admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .forEach((partition, offset) -> {
                        if (offset != null) {
                            committed.put(partition, offset);
                        }
                    });
            Map<TopicPartition, OffsetSpec> missing = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                for (String syncTopic : syncTopics) {
                    TopicPartition sync = new TopicPartition(syncTopic, p);
                    if (!committed.containsKey(sync)) {
                        missing.put(sync, OffsetSpec.latest());
                    }
                }
                TopicPartition ingress = new TopicPartition(ingressTopic, p);
                if (!fromBeginning && !committed.containsKey(ingress)) {
                    missing.put(ingress, OffsetSpec.latest());
                }
            }
            if (!missing.isEmpty()) {
                Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
                admin.listOffsets(missing, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                        .forEach((partition, info) -> ends.put(partition, new OffsetAndMetadata(info.offset())));
                try {
                    admin.alterConsumerGroupOffsets(groupId, ends).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    committed.putAll(ends);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof GroupNotEmptyException || e.getCause() instanceof UnknownMemberIdException)) {
                        throw e;
                    }
                    // The group has a member: a sibling instance of this node (the broker then answers
                    // UNKNOWN_MEMBER_ID to a commit from outside the group), or a previous incarnation of this
                    // instance, killed, its session not expired (GROUP_NOT_EMPTY). The partitions nobody committed
                    // keep their reset policy, and a stash learns its start from its first record.
                    log.warn("consumer group {} is not empty: cannot set start positions for {}; they start at the end"
                            + " of the log", groupId, ends.keySet());
                }
            }
            Map<Integer, Long> positions = new HashMap<>();
            committed.forEach((partition, offset) -> {
                if (partition.topic().equals(ingressTopic)) {
                    positions.put(partition.partition(), offset.offset());
                }
            });
            return positions;
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("cannot settle the start positions of consumer group " + groupId + " on "
                    + ingressTopic + " and " + syncTopics + ": " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while settling start positions of " + groupId, e);
        }
    }
}
