package io.understudy.node;

import io.understudy.node.testing.CommittedTopics;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.understudy.node.internals.function.FunctionCatalog;
import io.understudy.node.internals.state.PartitionStatus;
import io.understudy.records.LeaderChange;
import io.understudy.records.LeaderChangeReason;
import io.understudy.records.PacketKind;
import io.understudy.records.TrafficPacket;
import io.understudy.schemas.registry.SchemaRegistryClient;
import io.understudy.schemas.serde.AvroSerde;
import io.understudy.schemas.topics.TopicNames;
import io.understudy.schemas.topics.TopicProvisioner;
import io.understudy.stack.StackEndpoints;
import io.understudy.stack.junit.UnderstudyStackExtension;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The synchronization benchmark (opt-in: {@code -Dunderstudy.benchmark=true}): a primary carries N
 * live sessions under 5,000 records/s; a backup joins and is synchronized; then, with nothing to
 * synchronize, the sync topic's traffic (probes) is measured against the ingress traffic. Nodes
 * run in this JVM against the real broker; it prints numbers and asserts no timing.
 *
 * <pre>mvn -B -o -pl node-processor -am verify -Dtest=SyncBenchmarkIT -Dunderstudy.benchmark=true \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * grep BENCHMARK node-processor/target/surefire-reports/io.understudy.node.SyncBenchmarkIT-output.txt</pre>
 *
 * <p>Each line gives the time from the backup's start until it is synchronized on every partition,
 * split into its start-up (until its first request) and the protocol (first request to last
 * declaration), the sync topic's bytes against the ingress's in a window with no synchronization
 * running, and the load average, since the numbers mean little on a busy machine.
 */
@ExtendWith(UnderstudyStackExtension.class)
@EnabledIfSystemProperty(named = "understudy.benchmark", matches = "true")
class SyncBenchmarkIT {

    private static final int PARTITIONS = 3;
    private static final int RATE = 5_000;
    private static final int PAYLOAD = 100;
    private static final long IDLE_WINDOW_MS = 30_000;

    @ParameterizedTest(name = "{0} sessions")
    @ValueSource(ints = {10_000, 100_000})
    void aBackupJoinsLiveSessionsUnderLoad(int sessions, StackEndpoints stack) throws Exception {
        TopicNames topics = new TopicNames("bench-" + sessions + "-" + System.currentTimeMillis() + ".");
        try (TopicProvisioner provisioner = TopicProvisioner.forCluster(stack.bootstrapServers())) {
            provisioner.ensureTopics(topics, PARTITIONS, (short) 1, List.of("a", "b"));
        }
        Path stateDir = Files.createDirectories(Path.of("target", "sync-bench")).resolve("run-" + System.currentTimeMillis());
        FunctionCatalog functions = FunctionCatalog.load();
        try (SchemaRegistryClient registry = SchemaRegistryClient.forUrl(stack.schemaRegistryUrl());
             KafkaProducer<String, TrafficPacket> ingress = new KafkaProducer<>(producerSettings(stack),
                     new StringSerializer(), AvroSerde.forValues(TrafficPacket.class, registry).serializer())) {
            announceLeader(stack, registry, topics);
            for (int i = 0; i < sessions; i++) {
                send(ingress, topics, i, i);
            }
            ingress.flush();
            try (UnderstudyNode a = UnderstudyNode.start(new NodeConfig(settings(stack, topics, stateDir, "a", true)),
                    functions)) {
                awaitCaughtUp(a, new CommittedTopics(stack, PARTITIONS).endOffsets(topics.ingress()), 300_000);
                AtomicBoolean flowing = new AtomicBoolean(true);
                AtomicLong sent = new AtomicLong(sessions);
                Thread load = new Thread(() -> {
                    long start = System.nanoTime();
                    while (flowing.get()) {
                        long due = (System.nanoTime() - start) * RATE / 1_000_000_000L;
                        while (sent.get() - sessions < due) {
                            long n = sent.getAndIncrement();
                            send(ingress, topics, (int) (n % sessions), n);
                        }
                        CommittedTopics.pause(2);
                    }
                }, "bench-load");
                load.start();
                CommittedTopics.pause(5_000); // steady state before the backup joins
                long lagBefore = lag(a, new CommittedTopics(stack, PARTITIONS).endOffsets(topics.ingress()));

                long joinedAt = System.currentTimeMillis();
                try (UnderstudyNode b = UnderstudyNode.start(new NodeConfig(settings(stack, topics, stateDir, "b", false)),
                        functions)) {
                    awaitSynchronized(b, 300_000);
                    long syncMs = System.currentTimeMillis() - joinedAt;
                    CommittedTopics.pause(5_000); // let the synchronization traffic settle before measuring the idle overhead
                    long windowStart = System.currentTimeMillis();
                    CommittedTopics.pause(IDLE_WINDOW_MS);
                    long windowEnd = System.currentTimeMillis();
                    flowing.set(false);
                    load.join();
                    ingress.flush();
                    long[] protocol = protocolSpan(stack, registry, topics, "b");
                    long syncBytes = bytesBetween(stack, topics.nodeSync("a"), windowStart, windowEnd)
                            + bytesBetween(stack, topics.nodeSync("b"), windowStart, windowEnd);
                    long ingressBytes = bytesBetween(stack, topics.ingress(), windowStart, windowEnd);
                    assertEquals(PARTITIONS, b.syncCounters().synchronizations.get());
                    System.out.printf("BENCHMARK sessions=%d rate=%d/s primary lag before join=%d records;"
                                    + " backup synchronized on %d partitions %d ms after it started (first request %d ms"
                                    + " after the start, last declaration %d ms after the first request);"
                                    + " idle window %d s: sync %d bytes vs ingress %d bytes = %.3f%%;"
                                    + " load average %s; counters a=%s b=%s%n",
                            sessions, RATE, lagBefore, PARTITIONS, syncMs, protocol[0] - joinedAt, protocol[1] - protocol[0],
                            IDLE_WINDOW_MS / 1000, syncBytes, ingressBytes, 100.0 * syncBytes / Math.max(1, ingressBytes),
                            loadAverage(), a.syncCounters().snapshot(), b.syncCounters().snapshot());
                }
            }
        }
    }

    private static Map<String, Object> settings(StackEndpoints stack, TopicNames topics, Path stateDir, String id,
                                                boolean initialPrimary) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(NodeConfig.NODE_ID_CONFIG, id);
        settings.put(NodeConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        settings.put(NodeConfig.SCHEMA_REGISTRY_URL_CONFIG, stack.schemaRegistryUrl());
        settings.put(NodeConfig.TOPIC_PREFIX_CONFIG, topics.prefix());
        settings.put(NodeConfig.STATE_DIR_CONFIG, stateDir.toString());
        settings.put(NodeConfig.START_SYNCHRONIZED_CONFIG, initialPrimary);
        return settings;
    }

    private static void announceLeader(StackEndpoints stack, SchemaRegistryClient registry, TopicNames topics) {
        try (KafkaProducer<String, LeaderChange> producer = new KafkaProducer<>(producerSettings(stack),
                new StringSerializer(), AvroSerde.forValues(LeaderChange.class, registry).serializer())) {
            for (int p = 0; p < PARTITIONS; p++) {
                producer.send(new ProducerRecord<>(topics.leadership(), 0, Integer.toString(p),
                        new LeaderChange(p, 1, "a", null, LeaderChangeReason.INITIAL, "benchmark", -1L, 0L, null)));
            }
        }
    }

    private static void send(KafkaProducer<String, TrafficPacket> producer, TopicNames topics, int session, long n) {
        String flow = "session-" + session;
        byte[] payload = new byte[PAYLOAD];
        Arrays.fill(payload, (byte) ('a' + n % 26));
        producer.send(new ProducerRecord<>(topics.ingress(), flow,
                new TrafficPacket(flow, PacketKind.DATA, ByteBuffer.wrap(payload), "bench", -1L)));
    }

    private static Map<String, Object> producerSettings(StackEndpoints stack) {
        Map<String, Object> settings = new HashMap<>(stack.kafkaClientConfig());
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return settings;
    }

    private static void awaitSynchronized(UnderstudyNode node, long timeoutMs) {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (true) {
            boolean all = true;
            for (int p = 0; p < PARTITIONS; p++) {
                PartitionStatus status = node.progress().status(p);
                all &= status != null && status.isSynchronized();
            }
            if (all) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("the backup was not synchronized within " + timeoutMs + " ms");
            }
            CommittedTopics.pause(20);
        }
    }

    private static void awaitCaughtUp(UnderstudyNode node, Map<Integer, Long> ends, long timeoutMs) {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (lag(node, ends) > 0) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(node.nodeId() + " did not catch up within " + timeoutMs + " ms");
            }
            CommittedTopics.pause(50);
        }
    }

    private static long lag(UnderstudyNode node, Map<Integer, Long> ends) {
        long lag = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            PartitionStatus status = node.progress().status(p);
            lag += ends.get(p) - 1 - (status == null ? -1 : status.lastOffset());
        }
        return lag;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /**
     * When the backup's first request was sent and when the last declaration to it was, by the
     * records' timestamps (the nodes' wall clock at sending): the protocol's share of the time.
     */
    private static long[] protocolSpan(StackEndpoints stack, SchemaRegistryClient registry, TopicNames topics,
                                       String backup) {
        long[] span = {Long.MAX_VALUE, Long.MIN_VALUE};
        var decoder = AvroSerde.forValues(io.understudy.records.SyncMessage.class, registry).deserializer();
        for (String topic : List.of(topics.nodeSync("a"), topics.nodeSync("b"))) { // each node writes its own
            new CommittedTopics(stack, PARTITIONS).readAll(topic, (partition, record) -> {
                var message = decoder.deserialize(topic, record.value());
                if (message.getBody() instanceof io.understudy.records.SyncRequest && message.getSender().equals(backup)) {
                    span[0] = Math.min(span[0], record.timestamp());
                } else if (message.getBody() instanceof io.understudy.records.SyncDeclaration
                        && backup.equals(message.getRecipient())) {
                    span[1] = Math.max(span[1], record.timestamp());
                }
            });
        }
        return span;
    }

    /** Key and value bytes of the committed records with a timestamp in [from, to). */
    private static long bytesBetween(StackEndpoints stack, String topic, long from, long to) {
        long[] bytes = {0};
        new CommittedTopics(stack, PARTITIONS).readAll(topic, (partition, record) -> {
            if (record.timestamp() >= from && record.timestamp() < to) {
                bytes[0] += (record.key() == null ? 0 : record.key().length)
                        + (record.value() == null ? 0 : record.value().length);
            }
        });
        return bytes[0];
    }
}
