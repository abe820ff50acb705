package io.understudy.system.security;

import static io.understudy.system.SystemWaits.await;
import static io.understudy.system.SystemWaits.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.understudy.bridge.IngressBridge;
import io.understudy.bridge.client.HttpBridgeClient;
import io.understudy.bridge.config.BridgeConfig;
import io.understudy.cli.CommandRun;
import io.understudy.node.NodeConfig;
import io.understudy.node.UnderstudyNode;
import io.understudy.records.EgressRecord;
import io.understudy.records.Heartbeat;
import io.understudy.records.PartitionProgress;
import io.understudy.records.Resync;
import io.understudy.records.StaticInfo;
import io.understudy.records.SyncDeclaration;
import io.understudy.records.SyncMessage;
import io.understudy.records.SyncState;
import io.understudy.schemas.registry.SchemaRegistryClient;
import io.understudy.schemas.serde.AvroSerde;
import io.understudy.schemas.topics.TopicNames;
import io.understudy.schemas.topics.TopicProvisioner;
import io.understudy.selector.EgressSelector;
import io.understudy.selector.SelectorConfig;
import io.understudy.stack.StackEndpoints;
import io.understudy.stack.junit.UnderstudyStackExtension;
import io.understudy.stack.kafka.BrokerOptions;
import io.understudy.stack.kafka.BrokerSecurity;
import io.understudy.stack.kafka.EmbeddedKafkaBroker;
import io.understudy.stack.tls.CertificateAuthority;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every role over a secured Kafka, against the real broker with TLS (certificates made in the
 * test), SCRAM users, client certificates and the StandardAuthorizer: the ACLs that
 * {@code understudy acls --apply} creates are all the roles get, so the round trips show they are
 * enough, and the refusals show a node gets nothing more.
 */
@ExtendWith(UnderstudyStackExtension.class)
class SecureDeploymentIT {

    private static final String PASSWORD = "test-only-secret";
    private static final int PARTITIONS = 2;
    private static final int PACKETS = 40;

    private static Path dir;
    private static CertificateAuthority ca;
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startSecuredBroker() throws Exception {
        dir = Files.createDirectories(Path.of("target", "secure-it", "run-" + System.currentTimeMillis())).toAbsolutePath();
        ca = CertificateAuthority.create(dir.resolve("tls"), PASSWORD);
        broker = EmbeddedKafkaBroker.start(BrokerOptions.defaults().withSecurity(new BrokerSecurity(
                ca.issueServer("broker"), ca.truststore(), ca.password(), true, List.of("User:admin"))));
        for (String user : List.of("node-a", "selector", "bridge")) {
            broker.createScramUser(user, user + "-" + PASSWORD);
        }
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void everyRoleRoundTripsOverSaslSslWithScram(StackEndpoints stack) throws Exception {
        TopicNames topics = provision("sasl.", List.of("a", "b"));
        roundTrip(stack, topics, user -> saslSsl(user));
    }

    @Test
    void everyRoleRoundTripsOverMutualTls(StackEndpoints stack) throws Exception {
        TopicNames topics = provision("mtls.", List.of("a"));
        roundTrip(stack, topics, user -> mutualTls(user));
    }

    @Test
    void aNodeWritesItsOwnTopicsButNotAnotherNodesOutputNorEgressNorLeadership() throws Exception {
        TopicNames topics = provision("acl.", List.of("a", "b"));
        Map<String, Object> nodeA = saslSsl("node-a");

        for (String forbidden : List.of(topics.nodeOutput("b"), topics.egress(), topics.leadership(), topics.ingress())) {
            ExecutionException refused = assertThrows(ExecutionException.class, () -> send(nodeA, forbidden),
                    "node a must not write " + forbidden);
            assertInstanceOf(TopicAuthorizationException.class, refused.getCause(), forbidden + ": " + refused.getCause());
        }
        for (String allowed : List.of(topics.nodeOutput("a"), topics.heartbeats("a"), topics.nodeSync("a"))) {
            send(nodeA, allowed); // the paths a node needs
        }
        // and over mTLS the same principal is held to the same ACLs
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> send(mutualTls("node-a"), topics.egress()));
        assertInstanceOf(TopicAuthorizationException.class, refused.getCause());
    }

    /**
     * Issue 17, finding 7: a node cannot speak for another. Node a's principal tries to heartbeat
     * and synchronize as b, and to order a resync as the selector: the broker refuses every write
     * to a topic that is not a's. What a may still write, its own topics, names a as the sender
     * whatever the record says: a heartbeat naming b on a's topic is ignored by a real selector
     * (over its own principal and grants), counted on its /metrics, and b never appears among the
     * nodes it sees. Before the fix every node wrote the one shared heartbeats and sync topics, and
     * a heartbeat naming b written by a's principal kept b "alive".
     */
    @Test
    void aNodeCannotHeartbeatNorSynchronizeInAnotherNodesName(StackEndpoints stack) throws Exception {
        TopicNames topics = provision("imp.", List.of("a", "b"));
        Map<String, Object> nodeA = saslSsl("node-a");
        try (SchemaRegistryClient registry = SchemaRegistryClient.forUrl(stack.schemaRegistryUrl())) {
            var heartbeats = AvroSerde.forValues(Heartbeat.class, registry).serializer();
            var sync = AvroSerde.forValues(SyncMessage.class, registry).serializer();
            Heartbeat asB = heartbeat("b");
            SyncMessage declarationAsB = SyncMessage.newBuilder().setPartition(0).setSender("b").setRecipient("a")
                    .setBody(new SyncDeclaration("forged", 0L, 0L)).build();
            SyncMessage resyncAsSelector = SyncMessage.newBuilder().setPartition(0).setSender("egress-selector")
                    .setRecipient("b").setBody(new Resync("forged by a", 0L)).build();

            Map<String, byte[]> forged = new LinkedHashMap<>();
            forged.put(topics.heartbeats("b"), heartbeats.serialize(topics.heartbeats("b"), asB));
            forged.put(topics.nodeSync("b"), sync.serialize(topics.nodeSync("b"), declarationAsB));
            forged.put(topics.syncOrders(), sync.serialize(topics.syncOrders(), resyncAsSelector));
            for (Map.Entry<String, byte[]> write : forged.entrySet()) {
                ExecutionException refused = assertThrows(ExecutionException.class,
                        () -> send(nodeA, write.getKey(), write.getValue()), "node a must not write " + write.getKey());
                assertInstanceOf(TopicAuthorizationException.class, refused.getCause(),
                        write.getKey() + ": " + refused.getCause());
            }

            // on its own topic a may write anything, but the topic says who speaks: a real selector does not hear b
            Map<String, Object> selectorSettings = new HashMap<>(Map.of("topic.prefix", topics.prefix(),
                    "schema.registry.url", stack.schemaRegistryUrl()));
            selectorSettings.putAll(prefixed("kafka.", saslSsl("selector")));
            moveBootstrap(selectorSettings);
            try (EgressSelector selector = EgressSelector.start(new SelectorConfig(selectorSettings))) {
                String page = selector.observabilityUrl().orElseThrow();
                await("the selector read the heartbeats topics to their ends", Duration.ofSeconds(120),
                        () -> get(page + "/health/ready").statusCode() == 200);
                send(nodeA, topics.heartbeats("a"), heartbeats.serialize(topics.heartbeats("a"), asB));
                send(nodeA, topics.heartbeats("a"), heartbeats.serialize(topics.heartbeats("a"), heartbeat("a")));
                await("the selector hears a", Duration.ofSeconds(60), () -> nodesSeen(page).contains("a"));
                String metrics = get(page + "/metrics").body();
                assertEquals(1, sample(metrics, "understudy_selector_heartbeat_impersonations_total",
                        "topic=\"" + topics.heartbeats("a") + "\""), 0.0, "the heartbeat naming b, ignored once");
                assertEquals(List.of("a"), nodesSeen(page), "b is not kept alive by a");
            }
        }
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The nodes on the selector's status page (/api/status), in its order. */
    private static List<String> nodesSeen(String page) throws Exception {
        HttpResponse<String> response = get(page + "/api/status");
        assertEquals(200, response.statusCode(), response.body());
        List<String> nodes = new ArrayList<>();
        for (JsonNode node : JSON.readTree(response.body()).get("nodes")) {
            nodes.add(node.get("node").asText());
        }
        return nodes;
    }

    private static Heartbeat heartbeat(String node) {
        return Heartbeat.newBuilder().setNodeId(node).setIncarnation("i-" + node).setSentAt(0)
                .setStaticInfo(new StaticInfo("passthrough", "1", "cfg", PARTITIONS, Map.of()))
                .setPartitions(List.of(new PartitionProgress(0, 0L, SyncState.SYNCHRONIZED, 0L, null))).build();
    }

    // ---- the pipeline -----------------------------------------------------------------------

    private interface Credentials {
        Map<String, Object> of(String user);
    }

    /** Bridge, node a (initial primary) and selector in this JVM, each over {@code credentials}; every packet in egress. */
    private void roundTrip(StackEndpoints stack, TopicNames topics, Credentials credentials) throws Exception {
        Path state = Files.createDirectories(dir.resolve(topics.prefix() + "state"));
        Map<String, Object> common = Map.of("topic.prefix", topics.prefix(), "schema.registry.url", stack.schemaRegistryUrl());

        Map<String, Object> nodeSettings = new HashMap<>(common);
        nodeSettings.putAll(prefixed("kafka.", credentials.of("node-a")));
        nodeSettings.put("node.id", "a");
        nodeSettings.put("start.synchronized", "true");
        nodeSettings.put("state.dir", state.toString());

        Map<String, Object> selectorSettings = new HashMap<>(common);
        selectorSettings.putAll(prefixed("kafka.", credentials.of("selector")));
        selectorSettings.put("initial.primary", "a");

        Map<String, Object> bridgeSettings = new HashMap<>(common);
        bridgeSettings.putAll(prefixed("kafka.", credentials.of("bridge")));
        bridgeSettings.put("tcp.port", "-1");
        bridgeSettings.put("http.port", "0");
        // room for the first metadata fetch over TLS on a busy machine (HTTP only: no TCP reader thread to block)
        bridgeSettings.put("producer.max.block.ms", "15000");

        for (Map<String, Object> settings : List.of(nodeSettings, selectorSettings, bridgeSettings)) {
            // no plaintext way in: every role talks to a secured listener only
            assertTrue(!String.valueOf(settings.get("kafka.bootstrap.servers")).equals(broker.bootstrapServers()));
        }
        moveBootstrap(nodeSettings);
        moveBootstrap(selectorSettings);
        moveBootstrap(bridgeSettings);

        try (UnderstudyNode node = UnderstudyNode.start(new NodeConfig(nodeSettings));
             EgressSelector selector = EgressSelector.start(new SelectorConfig(selectorSettings));
             IngressBridge bridge = IngressBridge.start(new BridgeConfig(bridgeSettings))) {
            HttpBridgeClient client = HttpBridgeClient.forPort(bridge.ports().http());
            awaitHealthy(client, Duration.ofSeconds(120)); // the bridge starts either way; it takes packets once Kafka answers
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < PACKETS; i++) {
                String payload = "packet-" + i;
                HttpBridgeClient.Response response = client.post("flow-" + (i % 4), payload.getBytes(StandardCharsets.UTF_8));
                assertEquals(202, response.status(), response.body());
                sent.add(payload);
            }
            List<EgressRecord> egress = readEgress(stack, topics, PACKETS, Duration.ofSeconds(180));
            assertEquals(PACKETS, egress.size(), "every acknowledged packet reached egress: " + egress.size());
            Set<String> payloads = new HashSet<>();
            Map<String, Integer> lastPerFlow = new HashMap<>();
            for (EgressRecord record : egress) {
                String payload = StandardCharsets.UTF_8.decode(record.getPayload().duplicate()).toString();
                assertTrue(payloads.add(payload), "duplicate " + payload);
                int index = Integer.parseInt(payload.substring("packet-".length()));
                Integer previous = lastPerFlow.put(String.valueOf(record.getFlowId()), index);
                assertTrue(previous == null || previous < index, "order of flow " + record.getFlowId());
                assertEquals("a", String.valueOf(record.getNode()));
            }
            assertEquals(new HashSet<>(sent), payloads);
        }
    }

    private static void awaitHealthy(HttpBridgeClient client, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpBridgeClient.Response health = client.health();
        while (health.status() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            health = client.health();
        }
        assertEquals(200, health.status(), "the bridge reaches Kafka over its secured listener: " + health.body());
    }

    /** The test passes bootstrap servers inside kafka.*: the role's own key must carry them. */
    private static void moveBootstrap(Map<String, Object> settings) {
        Object bootstrap = settings.remove("kafka.bootstrap.servers");
        settings.put("bootstrap.servers", bootstrap);
    }

    private List<EgressRecord> readEgress(StackEndpoints stack, TopicNames topics, int expected, Duration timeout)
            throws Exception {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()); // the administrator reads
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<EgressRecord> records = new ArrayList<>();
        try (SchemaRegistryClient registry = SchemaRegistryClient.forUrl(stack.schemaRegistryUrl());
             KafkaConsumer<String, EgressRecord> consumer = new KafkaConsumer<>(settings, new StringDeserializer(),
                     AvroSerde.forValues(EgressRecord.class, registry).deserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(topics.egress(), p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, EgressRecord> record : consumer.poll(Duration.ofMillis(200))) {
                    records.add(record.value());
                }
            }
            // a little longer: anything past the expected count would be a duplicate
            for (ConsumerRecord<String, EgressRecord> record : consumer.poll(Duration.ofMillis(500))) {
                records.add(record.value());
            }
        }
        return records;
    }

    // ---- set-up helpers -----------------------------------------------------------------------

    /** Creates the topics (as the administrator) and applies the ACLs with the CLI, for these principals. */
    private static TopicNames provision(String prefix, List<String> nodes) {
        TopicNames topics = new TopicNames(prefix);
        try (TopicProvisioner provisioner = TopicProvisioner.forCluster(broker.bootstrapServers())) {
            provisioner.ensureTopics(topics, PARTITIONS, (short) 1, nodes);
        }
        List<String> args = new ArrayList<>(List.of("acls", "--apply", "--bootstrap-servers", broker.bootstrapServers(),
                "--topic-prefix", prefix));
        for (String node : nodes) {
            args.add("--node");
            args.add(node + "=User:node-" + node);
        }
        CommandRun run = CommandRun.of(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.out() + run.err());
        return topics;
    }

    private static Map<String, Object> saslSsl(String user) {
        Map<String, Object> settings = new HashMap<>(ca.kafkaTruststoreSettings());
        settings.put("bootstrap.servers", broker.saslSslBootstrapServers());
        settings.put("security.protocol", "SASL_SSL");
        settings.put("sasl.mechanism", BrokerSecurity.SCRAM_MECHANISM);
        settings.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + user + "-" + PASSWORD + "\";");
        return settings;
    }

    private static Map<String, Object> mutualTls(String user) {
        Map<String, Object> settings = new HashMap<>(ca.kafkaTruststoreSettings());
        settings.putAll(ca.issueClient(user).kafkaKeystoreSettings());
        settings.put("bootstrap.servers", broker.sslBootstrapServers());
        settings.put("security.protocol", "SSL");
        return settings;
    }

    private static Map<String, Object> prefixed(String prefix, Map<String, Object> settings) {
        Map<String, Object> out = new HashMap<>();
        settings.forEach((key, value) -> out.put(prefix + key, value));
        return out;
    }

    private static void send(Map<String, Object> credentials, String topic) throws Exception {
        send(credentials, topic, new byte[] {1});
    }

    private static void send(Map<String, Object> credentials, String topic, byte[] value) throws Exception {
        Map<String, Object> settings = new HashMap<>(credentials);
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, 0, null, value)).get(30, TimeUnit.SECONDS);
        }
    }
}
