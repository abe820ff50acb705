package io.understudy.node.internals.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.understudy.stack.StackEndpoints;
import io.understudy.stack.junit.UnderstudyStackExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Start positions settled on a real broker while the node's consumer group has a live member: a
 * sibling instance of the node (issue 18). An instance restarted beside a live sibling could not
 * commit the end of the log for the partitions nobody had committed yet (the broker answers
 * UNKNOWN_MEMBER_ID to a commit from outside a non-empty group), and exited at start
 * ("unexpected UnknownMemberIdException: Failed altering group offsets"); it starts, those
 * partitions keeping their reset policy, as it does beside a killed incarnation not yet expired.
 */
@ExtendWith(UnderstudyStackExtension.class)
class StartPositionsIT {

    @Test
    void anInstanceStartingBesideALiveSiblingKeepsTheCommittedPositionsAndStarts(StackEndpoints stack)
            throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String ingress = "start-positions-ingress-" + suffix;
        String sync = "start-positions-sync-" + suffix;
        String group = "start-positions-node-a-" + suffix;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(ingress, 2, (short) 1), new NewTopic(sync, 2, (short) 1))).all()
                    .get();
            // the sibling's committed progress: ingress 0 and both sync partitions; ingress 1 never had a record
            admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(ingress, 0), new OffsetAndMetadata(0),
                    new TopicPartition(sync, 0), new OffsetAndMetadata(0),
                    new TopicPartition(sync, 1), new OffsetAndMetadata(0))).all().get();
            try (KafkaConsumer<byte[], byte[]> sibling = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, group,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                sibling.subscribe(List.of(ingress));
                long deadline = System.currentTimeMillis() + 60_000;
                while (sibling.assignment().isEmpty() && System.currentTimeMillis() < deadline) {
                    sibling.poll(Duration.ofMillis(100)); // joins the group: a live member
                }
                assertEquals(2, sibling.assignment().size(), "the sibling joined the group");

                Map<Integer, Long> positions = StartPositions.settle(admin, group, ingress, List.of(sync), 2, false,
                        Duration.ofSeconds(30));

                assertEquals(Map.of(0, 0L), positions, "ingress 1 has no committed position; 0 keeps its own");
            }
        }
    }
}
