package io.understudy.node;

import io.understudy.node.testing.CommittedTopics;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.understudy.functions.security.SecurityConfig;
import io.understudy.functions.security.client.SecureSessionClient;
import io.understudy.functions.security.client.SecurityKeys;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Security-engine throughput against passthrough on the same pipeline and settings (opt-in:
 * {@code -Dunderstudy.benchmark=true}): the same number of records, flows and plaintext bytes are
 * written to a fresh ingress topic, then a node (in this JVM, against the real broker, exactly-once,
 * its usual settings) processes them from the beginning; its rate is measured while it works through
 * the backlog (from 10% to 100% of the records, so that start-up does not count). Runs alternate
 * passthrough and security-engine, {@link #ROUNDS} pairs, and the ratio of the medians is printed. It
 * asserts only that every record was processed, never a time or a ratio.
 *
 * <pre>mvn -B -o -pl node-processor -am verify -Dtest=FunctionThroughputBenchmarkIT \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dunderstudy.benchmark=true</pre>
 */
@ExtendWith(UnderstudyStackExtension.class)
@EnabledIfSystemProperty(named = "understudy.benchmark", matches = "true")
class FunctionThroughputBenchmarkIT {

    private static final int PARTITIONS = 3;
    private static final int FLOWS = 100;
    private static final int PAYLOAD = 100;
    private static final int ROUNDS = 3;
    private static final int RECORDS = Integer.getInteger("understudy.benchmark.records", 60_000);

    @Test
    void securityEngineAgainstPassthrough(StackEndpoints stack) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "function-bench")).resolve("run-" + System.currentTimeMillis())
                .toAbsolutePath();
        Files.createDirectories(dir);
        Path keyFile = dir.resolve("node.key");
        byte[] publicKey = SecurityKeys.generate(keyFile);
        List<Double> passthrough = new ArrayList<>();
        List<Double> secure = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            passthrough.add(run(stack, dir, "passthrough", round, Map.of(), null));
            secure.add(run(stack, dir, "security-engine", round,
                    Map.of(SecurityConfig.KEY_FILE.key(), keyFile.toString()), publicKey));
        }
        double p = median(passthrough);
        double s = median(secure);
        double[] alone = functionsAlone(keyFile, publicKey);
        System.out.printf("BENCHMARK function throughput, %,d records/run, %d flows, %d-byte plaintext, %d partitions,"
                        + " one node, exactly-once: passthrough %s records/s (median %,.0f), security-engine %s records/s"
                        + " (median %,.0f): security-engine/passthrough = %.2f (medians), %.2f (best runs);"
                        + " the functions alone, no Kafka: passthrough %,.0f, security-engine %,.0f packets/s = %.2f;"
                        + " load average %s%n",
                RECORDS, FLOWS, PAYLOAD, PARTITIONS, rates(passthrough), p, rates(secure), s, s / p,
                max(secure) / max(passthrough), alone[0], alone[1], alone[1] / alone[0], loadAverage());
    }

    /**
     * The functions' own cost, without the pipeline: {@code process} over the same packets in this
     * thread, alternating, best of five runs each; returns packets per second {passthrough, security-engine}.
     */
    private static double[] functionsAlone(Path keyFile, byte[] publicKey) {
        io.understudy.api.TrafficFunction<?> plain = new io.understudy.functions.passthrough.PassthroughProvider()
                .create(io.understudy.api.FunctionConfig.empty());
        io.understudy.api.TrafficFunction<?> secure = new io.understudy.functions.security.SecurityEngineFunction(
                SecurityConfig.from(new io.understudy.api.FunctionConfig(Map.of(SecurityConfig.KEY_FILE.key(), keyFile.toString()))));
        List<io.understudy.api.Packet> plainPackets = new ArrayList<>();
        List<io.understudy.api.Packet> securePackets = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(7);
        List<SecureSessionClient> sessions = new ArrayList<>();
        for (int f = 0; f < FLOWS; f++) {
            sessions.add(SecureSessionClient.open("flow-" + f, publicKey));
            securePackets.add(new io.understudy.api.Packet("flow-" + f, 0, f, 0, false, sessions.get(f).handshake()));
        }
        for (int i = 0; i < RECORDS; i++) {
            byte[] plaintext = new byte[PAYLOAD];
            random.nextBytes(plaintext);
            String flow = "flow-" + i % FLOWS;
            plainPackets.add(new io.understudy.api.Packet(flow, 0, i, 0, false, plaintext));
            securePackets.add(new io.understudy.api.Packet(flow, 0, FLOWS + i, 0, false, sessions.get(i % FLOWS).seal(plaintext)));
        }
        double bestPlain = 0;
        double bestSecure = 0;
        for (int rep = 0; rep < 5; rep++) {
            bestPlain = Math.max(bestPlain, packetsPerSecond(plain, plainPackets));
            bestSecure = Math.max(bestSecure, packetsPerSecond(secure, securePackets));
        }
        return new double[] {bestPlain, bestSecure};
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static double packetsPerSecond(io.understudy.api.TrafficFunction function, List<io.understudy.api.Packet> packets) {
        Map<String, Object> states = new HashMap<>();
        long start = System.nanoTime();
        for (io.understudy.api.Packet packet : packets) {
            io.understudy.api.Outcome<?> outcome = function.process(states.get(packet.flowId()), packet);
            if (outcome.dropped()) {
                throw new AssertionError(function.name() + " dropped " + packet + ": " + outcome.dropReason());
            }
            states.put(packet.flowId(), outcome.state());
        }
        return packets.size() / ((System.nanoTime() - start) / 1e9);
    }

    /** Writes the records, runs a node of the function over them; returns records per second. */
    private static double run(StackEndpoints stack, Path dir, String function, int round, Map<String, String> functionSettings,
                              byte[] publicKey) throws Exception {
        TopicNames topics = new TopicNames("bench-" + function + "-" + round + "-" + System.nanoTime() + ".");
        try (TopicProvisioner provisioner = TopicProvisioner.forCluster(stack.bootstrapServers())) {
            provisioner.ensureTopics(topics, PARTITIONS, (short) 1, List.of("a"));
        }
        try (SchemaRegistryClient registry = SchemaRegistryClient.forUrl(stack.schemaRegistryUrl())) {
            announceLeader(stack, registry, topics);
            write(stack, registry, topics, publicKey);
        }
        Map<Integer, Long> ends = new CommittedTopics(stack, PARTITIONS).endOffsets(topics.ingress());
        long total = ends.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Object> settings = new HashMap<>(functionSettings);
        settings.put(NodeConfig.NODE_ID_CONFIG, "a");
        settings.put(NodeConfig.FUNCTION_CONFIG, function);
        settings.put(NodeConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        settings.put(NodeConfig.SCHEMA_REGISTRY_URL_CONFIG, stack.schemaRegistryUrl());
        settings.put(NodeConfig.TOPIC_PREFIX_CONFIG, topics.prefix());
        settings.put(NodeConfig.STATE_DIR_CONFIG, dir.resolve("state-" + function + "-" + round).toString());
        settings.put(NodeConfig.START_SYNCHRONIZED_CONFIG, true);
        try (UnderstudyNode node = UnderstudyNode.start(new NodeConfig(settings), FunctionCatalog.load())) {
            long from = 0;
            long fromCount = 0;
            long deadline = System.currentTimeMillis() + 600_000;
            while (true) {
                long done = processed(node, ends);
                long now = System.nanoTime();
                if (from == 0 && done >= total / 10) {
                    from = now;
                    fromCount = done;
                }
                if (done >= total) {
                    double rate = (done - fromCount) / ((now - from) / 1e9);
                    System.out.printf("  %s round %d: %,d records, %,.0f records/s%n", function, round, total, rate);
                    assertEquals(total, done, "every record processed");
                    return rate;
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError(function + " processed " + done + " of " + total + " records in 600 s");
                }
                Thread.sleep(5);
            }
        }
    }

    /** RECORDS records over FLOWS flows, round robin: 100-byte payloads, or sealed sessions opened by a handshake. */
    private static void write(StackEndpoints stack, SchemaRegistryClient registry, TopicNames topics, byte[] publicKey) {
        Map<String, Object> producerSettings = new HashMap<>(stack.kafkaClientConfig());
        producerSettings.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        producerSettings.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        SplittableRandom random = new SplittableRandom(7);
        List<SecureSessionClient> sessions = new ArrayList<>();
        try (KafkaProducer<String, TrafficPacket> producer = new KafkaProducer<>(producerSettings, new StringSerializer(),
                AvroSerde.forValues(TrafficPacket.class, registry).serializer())) {
            for (int f = 0; f < FLOWS; f++) {
                if (publicKey != null) {
                    SecureSessionClient session = SecureSessionClient.open("flow-" + f, publicKey);
                    sessions.add(session);
                    send(producer, topics, "flow-" + f, session.handshake());
                }
            }
            for (int i = 0; i < RECORDS - (publicKey == null ? 0 : FLOWS); i++) {
                int f = i % FLOWS;
                byte[] plaintext = new byte[PAYLOAD];
                random.nextBytes(plaintext);
                send(producer, topics, "flow-" + f, publicKey == null ? plaintext : sessions.get(f).seal(plaintext));
            }
            producer.flush();
        }
    }

    private static void send(KafkaProducer<String, TrafficPacket> producer, TopicNames topics, String flow, byte[] wire) {
        producer.send(new ProducerRecord<>(topics.ingress(), flow,
                new TrafficPacket(flow, PacketKind.DATA, ByteBuffer.wrap(wire), "bench", -1L)));
    }

    private static void announceLeader(StackEndpoints stack, SchemaRegistryClient registry, TopicNames topics) {
        try (KafkaProducer<String, LeaderChange> producer = new KafkaProducer<>(new HashMap<>(stack.kafkaClientConfig()),
                new StringSerializer(), AvroSerde.forValues(LeaderChange.class, registry).serializer())) {
            for (int p = 0; p < PARTITIONS; p++) {
                producer.send(new ProducerRecord<>(topics.leadership(), 0, Integer.toString(p),
                        new LeaderChange(p, 1, "a", null, LeaderChangeReason.INITIAL, "benchmark", -1L, 0L, null)));
            }
        }
    }

    /** Records processed: offsets are contiguous here (one producer, no transactions), so last offset + 1 per partition. */
    private static long processed(UnderstudyNode node, Map<Integer, Long> ends) {
        long done = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            PartitionStatus status = node.progress().status(p);
            done += status == null ? 0 : Math.min(ends.get(p), status.lastOffset() + 1);
        }
        return done;
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    private static String rates(List<Double> values) {
        return Arrays.toString(values.stream().mapToLong(Math::round).toArray());
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
