package io.understudy.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.api.FunctionConfig;
import io.understudy.api.Outcome;
import io.understudy.api.Packet;
import io.understudy.api.TrafficFunction;
import io.understudy.bridge.IngressBridge;
import io.understudy.bridge.config.BridgeConfig;
import io.understudy.cli.CommandRun;
import io.understudy.functions.router.RouterFunction;
import io.understudy.functions.security.SecurityConfig;
import io.understudy.functions.security.SecurityEngineFunction;
import io.understudy.harness.FunctionSetup;
import io.understudy.harness.PayloadStamp;
import io.understudy.harness.traffic.EgressVerifier;
import io.understudy.harness.traffic.SentLog;
import io.understudy.harness.traffic.SentPackets;
import io.understudy.records.TrafficPacket;
import io.understudy.schemas.registry.SchemaRegistryClient;
import io.understudy.schemas.serde.AvroSerde;
import io.understudy.stack.StackEndpoints;
import io.understudy.stack.junit.UnderstudyStackExtension;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code understudy traffic} against a real bridge (in this JVM) and broker, over TCP and HTTP:
 * every packet it recorded is in the ingress topic where the bridge said, and running the real
 * traffic function over the ingress topic gives, for every recorded payload, exactly one output
 * that the verifier finds equal to what was sent (the decrypted plaintext; the routed packet).
 */
@ExtendWith(UnderstudyStackExtension.class)
class TrafficCommandIT {

    private static final int PARTITIONS = 2;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} over {1}")
    @CsvSource({"security-engine,tcp", "router,http", "security-engine,http"})
    void everyRecordedPacketIsInIngressAndComesOutOfTheFunctionAsSent(String function, String transport,
                                                                      StackEndpoints stack) throws Exception {
        String prefix = "traffic-it-" + System.nanoTime() + ".";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(prefix + "ingress", Optional.of(PARTITIONS), Optional.of((short) 1))))
                    .all().get(30, TimeUnit.SECONDS);
        }
        FunctionSetup setup = FunctionSetup.prepare(function, dir);
        Path record = dir.resolve("sent.tsv");
        Map<String, Object> bridgeSettings = new HashMap<>();
        bridgeSettings.put(BridgeConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        bridgeSettings.put(BridgeConfig.SCHEMA_REGISTRY_URL_CONFIG, stack.schemaRegistryUrl());
        bridgeSettings.put(BridgeConfig.TOPIC_PREFIX_CONFIG, prefix);
        bridgeSettings.put(BridgeConfig.TCP_PORT_CONFIG, 0);
        bridgeSettings.put(BridgeConfig.HTTP_PORT_CONFIG, 0);
        bridgeSettings.put(BridgeConfig.HEALTH_PROBE_TIMEOUT_MS_CONFIG, 10_000);
        CommandRun run;
        try (IngressBridge bridge = IngressBridge.start(new BridgeConfig(bridgeSettings))) {
            int port = transport.equals("tcp") ? bridge.ports().tcp() : bridge.ports().http();
            List<String> args = new ArrayList<>(List.of("traffic", "--function", function, "--transport", transport,
                    "--bridge", "127.0.0.1:" + port, "--flows", "6", "--rate", "60", "--duration", "3",
                    "--payload-size", "48", "--record", record.toString()));
            if (setup.nodePublicKey() != null) {
                args.addAll(List.of("--key-file", dir.resolve("node.pub").toString()));
            }
            run = CommandRun.of(args.toArray(String[]::new));
        }
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("done: "), run.out());
        assertTrue(java.util.regex.Pattern.compile("\\[\\s*\\d+s\\] sent\\s+[\\d,]+\\s+acknowledged").matcher(run.out()).find(),
                "progress while it runs: " + run.out());

        SentPackets sent = SentLog.read(record);
        List<ConsumerRecord<String, TrafficPacket>> ingress = readAll(stack, prefix + "ingress");
        assertEquals(sent.payloads() + sent.handshakes(), ingress.size(), "the record holds every packet in ingress");
        assertEquals(function.equals("security-engine") ? 6 : 0, sent.handshakes());
        assertTrue(sent.payloads() >= 100, "traffic flowed: " + sent.payloads());

        TrafficFunction<?> node = function.equals("router") ? new RouterFunction(setup.router())
                : new SecurityEngineFunction(SecurityConfig.from(new FunctionConfig(setup.nodeSettings())));
        EgressVerifier verifier = new EgressVerifier(setup.protocol(), sent, setup.router());
        Map<String, Object> states = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (ConsumerRecord<String, TrafficPacket> in : ingress) {
            byte[] wire = bytes(in.value().getPayload());
            @SuppressWarnings({"unchecked", "rawtypes"})
            Outcome<?> outcome = ((TrafficFunction) node).process(states.get(in.key()),
                    new Packet(in.key(), in.partition(), in.offset(), in.timestamp(), false, wire));
            assertNull(outcome.dropReason(), "nothing dropped at " + in.partition() + ":" + in.offset());
            states.put(in.key(), outcome.state());
            for (var emission : outcome.emissions()) {
                assertNull(verifier.mismatch(emission.payload(), emission.destination()));
                PayloadStamp stamp = verifier.stampOf(emission.payload()).orElseThrow();
                assertEquals(in.partition(), sent.get(stamp.flowId(), stamp.seq()).partition());
                assertEquals(in.offset(), sent.get(stamp.flowId(), stamp.seq()).offset(), "recorded where the bridge put it");
                assertTrue(seen.add(stamp.flowId() + "#" + stamp.seq()), "once: " + stamp);
            }
        }
        assertEquals(sent.payloads(), seen.size(), "every recorded payload came out");
    }

    private static List<ConsumerRecord<String, TrafficPacket>> readAll(StackEndpoints stack, String topic) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (SchemaRegistryClient registry = SchemaRegistryClient.forUrl(stack.schemaRegistryUrl());
             KafkaConsumer<String, TrafficPacket> consumer = new KafkaConsumer<>(settings, new StringDeserializer(),
                     AvroSerde.forValues(TrafficPacket.class, registry).deserializer())) {
            List<TopicPartition> all = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                all.add(new TopicPartition(topic, p));
            }
            consumer.assign(all);
            consumer.seekToBeginning(all);
            Map<TopicPartition, Long> ends = consumer.endOffsets(all);
            List<ConsumerRecord<String, TrafficPacket>> records = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 60_000;
            while (all.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                assertTrue(System.currentTimeMillis() < deadline, "read " + topic + " to its end");
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }
}
