package io.understudy.node.internals.leadership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.records.LeaderChange;
import io.understudy.records.LeaderChangeReason;
import io.understudy.schemas.registry.SchemaRegistryClient;
import io.understudy.schemas.serde.AvroSerde;
import io.understudy.schemas.topics.TopicFollower;
import io.understudy.stack.StackEndpoints;
import io.understudy.stack.junit.UnderstudyStackExtension;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link LeadershipFollower} against the real broker: while it replays the leadership topic from
 * its beginning (as a restarted node does) it names no leader, so an old decision naming this node
 * is never taken for the current one; once at the end, it names the latest.
 */
@ExtendWith(UnderstudyStackExtension.class)
class LeadershipFollowerIT {

    @Test
    void aNodeReplayingTheLeadershipTopicBelievesNoLeaderUntilItReachesTheEnd(StackEndpoints stack) throws Exception {
        String topic = "leadership-it-" + UUID.randomUUID();
        try (Admin admin = Admin.create(stack.kafkaClientConfig())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        try (SchemaRegistryClient registry = SchemaRegistryClient.forUrl(stack.schemaRegistryUrl())) {
            try (KafkaProducer<String, LeaderChange> producer = new KafkaProducer<>(stack.kafkaClientConfig(),
                    new StringSerializer(), AvroSerde.forValues(LeaderChange.class, registry).serializer())) {
                producer.send(new ProducerRecord<>(topic, 0, "0",
                        new LeaderChange(0, 1, "a", null, LeaderChangeReason.INITIAL, "a starts", -1L, 0L, null))).get();
                producer.send(new ProducerRecord<>(topic, 0, "0",
                        new LeaderChange(0, 2, "b", "a", LeaderChangeReason.LEADER_FAILED, "a died", 41L, 1L, null))).get();
            }
            // the restarted node a: its follower hands over one decision per poll, and the test holds it
            // after the first one, the old decision naming a
            GatedConsumer consumer = new GatedConsumer(stack, AvroSerde.forValues(LeaderChange.class, registry)
                    .deserializer());
            try (LeadershipFollower follower = new LeadershipFollower(consumer, topic, "a").start()) {
                assertTrue(consumer.heldAfterFirstRecords.await(60, TimeUnit.SECONDS), "the follower read a decision");
                assertEquals(Optional.empty(), follower.leaderOf(0),
                        "mid-replay, epoch 1 (a) is history: a must not believe it leads");
                assertFalse(follower.caughtUp());

                consumer.release();
                long deadline = System.currentTimeMillis() + 60_000;
                while (!follower.caughtUp() && System.currentTimeMillis() < deadline) {
                    Thread.sleep(20);
                }
                assertTrue(follower.caughtUp(), "the follower reached the end of the topic");
                assertEquals(Optional.of("b"), follower.leaderOf(0), "the latest decision: b leads");
                assertEquals(Optional.empty(), follower.leaderOf(1), "nothing was decided for partition 1");
            }
        }
    }

    /** A real consumer that hands over one record per poll and holds its next poll after the first record. */
    private static final class GatedConsumer extends KafkaConsumer<String, LeaderChange> {

        final CountDownLatch heldAfterFirstRecords = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private boolean handedOver;

        GatedConsumer(StackEndpoints stack, Deserializer<LeaderChange> values) {
            super(settings(stack), new StringDeserializer(), values);
        }

        private static Map<String, Object> settings(StackEndpoints stack) {
            Map<String, Object> settings = new HashMap<>(TopicFollower.committedReader(stack.kafkaClientConfig(), 10));
            settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
            return settings;
        }

        void release() {
            released.countDown();
        }

        @Override
        public ConsumerRecords<String, LeaderChange> poll(Duration timeout) {
            if (handedOver && released.getCount() > 0) {
                heldAfterFirstRecords.countDown();
                try {
                    while (!released.await(50, TimeUnit.MILLISECONDS)) {
                        // held; a closing follower wakes the consumer up, and the next poll throws
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            ConsumerRecords<String, LeaderChange> records = super.poll(timeout);
            handedOver |= !records.isEmpty();
            return records;
        }
    }
}
