package io.understudy.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.node.internals.function.FunctionCatalog;
import io.understudy.node.internals.state.PartitionStatus;
import io.understudy.node.testing.CommittedTopics;
import io.understudy.node.testing.ClosingSessions;
import io.understudy.records.Checkpoint;
import io.understudy.records.CheckpointAck;
import io.understudy.records.LeaderChange;
import io.understudy.records.LeaderChangeReason;
import io.understudy.records.NodeOutput;
import io.understudy.records.PacketKind;
import io.understudy.records.SyncDeclaration;
import io.understudy.records.SyncMessage;
import io.understudy.records.SyncProbe;
import io.understudy.records.SyncRequest;
import io.understudy.records.SyncState;
import io.understudy.records.TrafficPacket;
import io.understudy.schemas.registry.SchemaRegistryClient;
import io.understudy.schemas.serde.AvroSerde;
import io.understudy.schemas.topics.TopicNames;
import io.understudy.schemas.topics.TopicProvisioner;
import io.understudy.stack.StackEndpoints;
import io.understudy.stack.junit.UnderstudyStackExtension;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Synchronization against a real broker and registry, with nodes in this JVM: a backup that joins
 * after traffic started is synchronized while traffic flows, with the protocol's messages read
 * back from the sync topic, and its outputs equal to the leader's; a node whose configuration
 * differs refuses and stays so.
 */
@ExtendWith(UnderstudyStackExtension.class)
class SyncIT {

    private static final int PARTITIONS = 3;
    private static final int SESSIONS = 10_000;

    @Test
    void aLateBackupIsSynchronizedUnderTrafficAndAMisconfiguredOneRefuses(StackEndpoints stack) throws Exception {
        TopicNames topics = new TopicNames("sync-it-" + System.currentTimeMillis() + ".");
        try (TopicProvisioner provisioner = TopicProvisioner.forCluster(stack.bootstrapServers())) {
            provisioner.ensureTopics(topics, PARTITIONS, (short) 1, List.of("a", "b", "c"));
        }
        Path stateDir = Files.createDirectories(Path.of("target", "sync-it")).resolve("run-" + System.currentTimeMillis());
        FunctionCatalog functions = FunctionCatalog.load().with(ClosingSessions.PROVIDER);
        try (SchemaRegistryClient registry = SchemaRegistryClient.forUrl(stack.schemaRegistryUrl());
             KafkaProducer<String, TrafficPacket> ingress = new KafkaProducer<>(producerSettings(stack),
                     new StringSerializer(), AvroSerde.forValues(TrafficPacket.class, registry).serializer())) {
            announceLeader(stack, registry, topics, "a");
            for (int i = 0; i < SESSIONS; i++) { // 10,000 sessions open before b exists
                send(ingress, topics, i, i);
            }
            ingress.flush();
            try (UnderstudyNode a = startNode(nodeConfig(stack, topics, stateDir, "a", "one", true), functions)) {
                awaitAll(a, status -> status.isSynchronized() && status.lastOffset() >= 0, "a processes");
                AtomicBoolean flowing = new AtomicBoolean(true);
                AtomicLong sent = new AtomicLong(SESSIONS);
                Thread load = new Thread(() -> {
                    while (flowing.get()) { // ~2,000 records/s over the same sessions while b joins
                        for (int k = 0; k < 20; k++) {
                            long n = sent.getAndIncrement();
                            send(ingress, topics, (int) (n % SESSIONS), n);
                        }
                        CommittedTopics.pause(10);
                    }
                });
                load.start();
                CommittedTopics.pause(500);
                UnderstudyNode b;
                UnderstudyNode c;
                long joinedAt = System.currentTimeMillis();
                b = startNode(nodeConfig(stack, topics, stateDir, "b", "one", false), functions);
                c = startNode(nodeConfig(stack, topics, stateDir, "c", "two", false), functions);
                try (b; c) {
                    awaitAll(b, PartitionStatus::isSynchronized, "b synchronized");
                    long syncedAfter = System.currentTimeMillis() - joinedAt;
                    CommittedTopics.pause(1_000);
                    flowing.set(false);
                    load.join();
                    ingress.flush();
                    Map<Integer, Long> ends = new CommittedTopics(stack, PARTITIONS).endOffsets(topics.ingress());
                    awaitCaughtUp(a, ends);
                    awaitCaughtUp(b, ends);
                    awaitAll(c, s -> s.syncState() == SyncState.REFUSED, "c refused");
                    System.out.printf("b synchronized on %d partitions %d ms after it started, under load (%d records)%n",
                            PARTITIONS, syncedAfter, sent.get());

                    for (int p = 0; p < PARTITIONS; p++) {
                        PartitionStatus refused = c.progress().status(p);
                        assertTrue(refused.detail().startsWith("static information differs from leader a's: configuration"
                                + " hash differs"), refused.detail());
                        assertEquals(-1, refused.syncedFrom());
                    }
                    assertEquals(PARTITIONS, c.syncCounters().refusals.get());
                    assertEquals(PARTITIONS, b.syncCounters().synchronizations.get());

                    Map<Integer, Long> validFrom = assertProtocolSequence(stack, registry, topics);
                    for (int p = 0; p < PARTITIONS; p++) {
                        assertEquals(validFrom.get(p), b.progress().status(p).syncedFrom(), "b's syncedFrom on " + p);
                    }
                    assertOutputsEqualFrom(stack, registry, topics, validFrom, ends);
                }
            }
        }
    }

    /**
     * The re-checkpoint path (docs/design.md, Synchronization, step 3): b's stash starts after the
     * position at which its leader a takes the snapshot (a restarts behind a backlog that b, new,
     * skips), so b's acknowledgements reveal changes it has not seen; a sends a new round with the
     * flows changed since, once it reaches b's stash, and only then the declaration. Then b's
     * outputs equal a's, record for record.
     */
    @Test
    @Disabled("timing-dependent against a real broker: on an idle machine the restarted leader reaches b's stash before"
            + " it answers b's request, so one round suffices; the re-checkpoint path is asserted deterministically in"
            + " SyncProtocolTest (anAcknowledgementThatRevealsUnseenChanges...) and seen in demo --late-backup under load")
    void aBackupWhoseStashStartsAfterTheSnapshotIsReCheckpointedThenDeclared(StackEndpoints stack) throws Exception {
        TopicNames topics = new TopicNames("recheckpoint-it-" + System.currentTimeMillis() + ".");
        try (TopicProvisioner provisioner = TopicProvisioner.forCluster(stack.bootstrapServers())) {
            provisioner.ensureTopics(topics, PARTITIONS, (short) 1, List.of("a", "b"));
        }
        Path stateDir = Files.createDirectories(Path.of("target", "sync-it")).resolve("run-" + System.currentTimeMillis());
        FunctionCatalog functions = FunctionCatalog.load().with(ClosingSessions.PROVIDER);
        int sessions = 3_000;
        try (SchemaRegistryClient registry = SchemaRegistryClient.forUrl(stack.schemaRegistryUrl());
             KafkaProducer<String, TrafficPacket> ingress = new KafkaProducer<>(producerSettings(stack),
                     new StringSerializer(), AvroSerde.forValues(TrafficPacket.class, registry).serializer())) {
            announceLeader(stack, registry, topics, "a");
            long n = 0;
            for (; n < sessions; n++) {
                send(ingress, topics, (int) n, n);
            }
            ingress.flush();
            Map<String, Object> aSettings = nodeConfig(stack, topics, stateDir, "a", "one", true);
            try (UnderstudyNode a = startNode(aSettings, functions)) {
                awaitCaughtUp(a, new CommittedTopics(stack, PARTITIONS).endOffsets(topics.ingress()));
            }
            // a is down while a backlog builds up: b, new, starts at the end of the log, after the backlog.
            // The backlog is stamped an hour ahead: a's task picks the record with the lowest timestamp
            // among its ingress and sync partitions, so b's request (stamped now) is answered before a
            // has worked through the backlog, wherever the fetches happen to land; a's snapshot then
            // lies before b's stash, which is what this test is about.
            long ahead = System.currentTimeMillis() + 3_600_000L;
            for (; n < 16 * sessions; n++) {
                send(ingress, topics, (int) (n % sessions), n, ahead);
            }
            ingress.flush();
            try (UnderstudyNode b = startNode(nodeConfig(stack, topics, stateDir, "b", "one", false), functions)) {
                awaitAll(b, s -> s.syncState() == SyncState.UNSYNCED, "b waits for a leader");
                try (UnderstudyNode a = startNode(aSettings, functions)) {
                    awaitAll(b, PartitionStatus::isSynchronized, "b synchronized");
                    for (long more = n + 3 * sessions; n < more; n++) { // live traffic once b is synchronized
                        send(ingress, topics, (int) (n % sessions), n);
                    }
                    ingress.flush();
                    Map<Integer, Long> ends = new CommittedTopics(stack, PARTITIONS).endOffsets(topics.ingress());
                    awaitCaughtUp(a, ends);
                    awaitCaughtUp(b, ends);

                    Map<Integer, Integer> rounds = new HashMap<>();
                    Map<Integer, Long> validFrom = assertProtocolSequence(stack, registry, topics, rounds);
                    System.out.printf("re-checkpoint: rounds per partition %s, declared from %s; a: %s%n", rounds,
                            validFrom, a.syncCounters().snapshot());
                    for (int p = 0; p < PARTITIONS; p++) {
                        assertTrue(rounds.get(p) >= 2, "partition " + p + ": a re-checkpointed before declaring: " + rounds);
                        assertEquals(validFrom.get(p), b.progress().status(p).syncedFrom());
                    }
                    assertTrue(a.syncCounters().recheckpointRounds.get() >= PARTITIONS);
                    assertEquals(PARTITIONS, b.syncCounters().synchronizations.get());
                    assertOutputsEqualFrom(stack, registry, topics, validFrom, ends);
                }
            }
        }
    }

    /**
     * Per partition, the messages between a and b on the sync topic: b's request(s), then a's
     * checkpoint chunks each acknowledged by b (round by round), then one declaration, whose
     * validFrom follows the last round's position. Returns validFrom per partition.
     */
    private static Map<Integer, Long> assertProtocolSequence(StackEndpoints stack, SchemaRegistryClient registry,
                                                             TopicNames topics) {
        return assertProtocolSequence(stack, registry, topics, new HashMap<>());
    }

    /**
     * As above; {@code roundsSeen} receives, per partition, how many checkpoint rounds preceded the
     * declaration. Each node writes its own sync topic, so the order is checked per sender: b's
     * request(s) then its acknowledgements (round by round, every chunk); a's chunks round by round,
     * then one declaration; as many rounds and chunks on each side.
     */
    private static Map<Integer, Long> assertProtocolSequence(StackEndpoints stack, SchemaRegistryClient registry,
                                                             TopicNames topics, Map<Integer, Integer> roundsSeen) {
        Map<Integer, List<SyncMessage>> fromA = readSync(stack, registry, topics, "a");
        Map<Integer, List<SyncMessage>> fromB = readSync(stack, registry, topics, "b");
        Map<Integer, Long> validFrom = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            List<SyncMessage> ofB = fromB.getOrDefault(p, List.of()).stream()
                    .filter(m -> !(m.getBody() instanceof SyncProbe)).toList();
            List<SyncMessage> toB = fromA.getOrDefault(p, List.of()).stream()
                    .filter(m -> !(m.getBody() instanceof SyncProbe)).filter(m -> "b".equals(m.getRecipient())).toList();
            assertTrue(ofB.stream().allMatch(m -> m.getSender().equals("b")) && toB.stream().allMatch(m -> m.getSender()
                    .equals("a")), "partition " + p + ": every message on a node's topic is that node's");
            assertInstanceOf(SyncRequest.class, ofB.get(0).getBody(), "partition " + p + " starts with b's request");
            // b repeats its request every second until the checkpoint reaches it, but never after its first acknowledgement
            int firstAck = 0;
            while (!(ofB.get(firstAck).getBody() instanceof CheckpointAck)) {
                firstAck++;
            }
            List<SyncMessage> acks = ofB.subList(firstAck, ofB.size());
            for (SyncMessage later : acks) {
                assertTrue(!(later.getBody() instanceof SyncRequest), "partition " + p + ": a request after an acknowledgement");
            }
            int i = 0;
            int j = 0;
            long position = -1;
            int round = 0;
            while (toB.get(i).getBody() instanceof Checkpoint first) {
                assertEquals(round, first.getRound(), "partition " + p + " rounds in order");
                int chunks = first.getChunkCount();
                for (int k = 0; k < chunks; k++) {
                    Checkpoint chunk = assertInstanceOf(Checkpoint.class, toB.get(i + k).getBody());
                    assertEquals(k, chunk.getChunkIndex());
                    position = chunk.getPosition();
                    CheckpointAck ack = assertInstanceOf(CheckpointAck.class, acks.get(j + k).getBody(),
                            "partition " + p + ": b acknowledges every chunk");
                    assertEquals(round, ack.getRound());
                    assertEquals(k, ack.getChunkIndex());
                    assertTrue(ack.getAccepted());
                }
                i += chunks;
                j += chunks;
                round++;
            }
            assertEquals(j, acks.size(), "partition " + p + ": one acknowledgement per chunk, nothing more");
            SyncDeclaration declaration = assertInstanceOf(SyncDeclaration.class, toB.get(i).getBody(),
                    "partition " + p + " ends with the declaration");
            assertEquals(position + 1, declaration.getValidFrom());
            assertEquals(i + 1, toB.size(), "nothing after the declaration");
            validFrom.put(p, declaration.getValidFrom());
            roundsSeen.put(p, round);
        }
        return validFrom;
    }

    /** Per partition, in order, the messages on a node's own sync topic. */
    private static Map<Integer, List<SyncMessage>> readSync(StackEndpoints stack, SchemaRegistryClient registry,
                                                            TopicNames topics, String node) {
        Map<Integer, List<SyncMessage>> byPartition = new HashMap<>();
        Deserializer<SyncMessage> messages = AvroSerde.forValues(SyncMessage.class, registry).deserializer();
        String topic = topics.nodeSync(node);
        new CommittedTopics(stack, PARTITIONS).readAll(topic, (partition, record) -> byPartition
                .computeIfAbsent(partition, x -> new ArrayList<>()).add(messages.deserialize(topic, record.value())));
        return byPartition;
    }

    /** b's outputs from validFrom on are a's, byte for byte but the node that made them. */
    private static void assertOutputsEqualFrom(StackEndpoints stack, SchemaRegistryClient registry, TopicNames topics,
                                               Map<Integer, Long> validFrom, Map<Integer, Long> ends) {
        Deserializer<NodeOutput> outputs = AvroSerde.forValues(NodeOutput.class, registry).deserializer();
        Map<String, NodeOutput> fromA = new HashMap<>();
        CommittedTopics read = new CommittedTopics(stack, PARTITIONS);
        read.readAll(topics.nodeOutput("a"), (p, record) -> {
            NodeOutput o = outputs.deserialize(topics.nodeOutput("a"), record.value());
            fromA.put(p + "/" + o.getIngressOffset(), o);
        });
        List<NodeOutput> fromB = new ArrayList<>();
        read.readAll(topics.nodeOutput("b"), (p, record) -> fromB.add(outputs.deserialize(topics.nodeOutput("b"),
                record.value())));
        long expected = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            expected += ends.get(p) - validFrom.get(p);
        }
        assertEquals(expected, fromB.size(), "one output of b per record from validFrom on");
        for (NodeOutput b : fromB) {
            NodeOutput a = fromA.get(b.getIngressPartition() + "/" + b.getIngressOffset());
            assertEquals(validFrom.get(b.getIngressPartition()), b.getSyncedFrom());
            assertEquals(SyncState.SYNCHRONIZED, b.getSyncState());
            assertEquals(NodeOutput.newBuilder(a).setNodeId("-").setSyncedFrom(0).build(),
                    NodeOutput.newBuilder(b).setNodeId("-").setSyncedFrom(0).build(),
                    "output for " + b.getIngressPartition() + "/" + b.getIngressOffset());
        }
    }

    // ---- the cluster --------------------------------------------------------------------------

    private static Map<String, Object> nodeConfig(StackEndpoints stack, TopicNames topics, Path stateDir, String id,
                                                  String salt, boolean initialPrimary) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(NodeConfig.NODE_ID_CONFIG, id);
        settings.put(NodeConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        settings.put(NodeConfig.SCHEMA_REGISTRY_URL_CONFIG, stack.schemaRegistryUrl());
        settings.put(NodeConfig.TOPIC_PREFIX_CONFIG, topics.prefix());
        settings.put(NodeConfig.STATE_DIR_CONFIG, stateDir.toString());
        settings.put(NodeConfig.FUNCTION_CONFIG, ClosingSessions.NAME);
        settings.put(ClosingSessions.SALT, salt);
        settings.put(NodeConfig.START_SYNCHRONIZED_CONFIG, initialPrimary);
        settings.put(NodeConfig.SESSION_TIMEOUT_MS_CONFIG, 6_000);
        return settings;
    }

    private static UnderstudyNode startNode(Map<String, Object> settings, FunctionCatalog functions) {
        return UnderstudyNode.start(new NodeConfig(settings), functions);
    }

    /** What the selector would write: {@code leader} leads every partition. */
    private static void announceLeader(StackEndpoints stack, SchemaRegistryClient registry, TopicNames topics,
                                       String leader) {
        try (KafkaProducer<String, LeaderChange> producer = new KafkaProducer<>(producerSettings(stack),
                new StringSerializer(), AvroSerde.forValues(LeaderChange.class, registry).serializer())) {
            for (int p = 0; p < PARTITIONS; p++) {
                producer.send(new ProducerRecord<>(topics.leadership(), 0, Integer.toString(p),
                        new LeaderChange(p, 1, leader, null, LeaderChangeReason.INITIAL, "test", -1L, 0L, null)));
            }
        }
    }

    private static void send(KafkaProducer<String, TrafficPacket> producer, TopicNames topics, int session, long n) {
        send(producer, topics, session, n, null);
    }

    private static void send(KafkaProducer<String, TrafficPacket> producer, TopicNames topics, int session, long n,
                             Long timestamp) {
        String flow = "session-" + session;
        TrafficPacket packet = new TrafficPacket(flow, PacketKind.DATA,
                ByteBuffer.wrap(("payload " + n).getBytes(StandardCharsets.UTF_8)), "test", -1L);
        producer.send(new ProducerRecord<>(topics.ingress(), null, timestamp, flow, packet));
    }

    private static Map<String, Object> producerSettings(StackEndpoints stack) {
        Map<String, Object> settings = new HashMap<>(stack.kafkaClientConfig());
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        return settings;
    }

    private static void awaitAll(UnderstudyNode node, Predicate<PartitionStatus> condition, String what) {
        long deadline = System.currentTimeMillis() + 90_000;
        while (true) {
            boolean all = true;
            for (int p = 0; p < PARTITIONS; p++) {
                PartitionStatus status = node.progress().status(p);
                all &= status != null && condition.test(status);
            }
            if (all) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting until " + what + ": " + statuses(node));
            }
            CommittedTopics.pause(50);
        }
    }

    private static void awaitCaughtUp(UnderstudyNode node, Map<Integer, Long> ends) {
        for (int p = 0; p < PARTITIONS; p++) {
            long last = ends.get(p) - 1;
            int partition = p;
            long deadline = System.currentTimeMillis() + 90_000;
            while (node.progress().status(partition) == null || node.progress().status(partition).lastOffset() < last) {
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError("timed out waiting until " + node.nodeId() + " reaches offset " + last
                            + " of partition " + partition + ": " + statuses(node));
                }
                CommittedTopics.pause(50);
            }
        }
    }

    private static String statuses(UnderstudyNode node) {
        List<String> all = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            all.add(p + ": " + node.progress().status(p));
        }
        return String.join("; ", all);
    }
}
