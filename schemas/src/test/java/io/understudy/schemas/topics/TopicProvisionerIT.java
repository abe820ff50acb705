package io.understudy.schemas.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.stack.StackEndpoints;
import io.understudy.stack.junit.UnderstudyStackExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The provisioner against the real broker of the local stack. */
@ExtendWith(UnderstudyStackExtension.class)
class TopicProvisionerIT {

    private final StackEndpoints stack;
    private final Admin admin;
    private final TopicProvisioner provisioner;
    /** Topics of this test only: the broker is shared by every test of the JVM. */
    private final TopicNames names = new TopicNames("prov-" + UUID.randomUUID().toString().substring(0, 8) + ".");

    TopicProvisionerIT(StackEndpoints stack) {
        this.stack = stack;
        this.admin = Admin.create(stack.kafkaClientConfig());
        this.provisioner = TopicProvisioner.forCluster(stack.bootstrapServers());
    }

    @AfterEach
    void close() {
        provisioner.close();
        admin.close();
    }

    @Test
    void createsEveryTopicAsTheContractSays() throws Exception {
        ProvisionedTopics result = provisioner.ensureTopics(names, 3, (short) 1, List.of("a", "b"));

        List<String> all = List.of(names.ingress(), names.nodeOutput("a"), names.nodeOutput("b"), names.heartbeats("a"),
                names.heartbeats("b"), names.nodeSync("a"), names.nodeSync("b"), names.syncOrders(), names.leadership(),
                names.egress(), names.selectorCommands(), names.deadLetter(),
                names.selectorHeartbeats(), names.selectorState());
        assertEquals(all, result.created());
        assertEquals(List.of(), result.verified());

        Map<String, TopicDescription> descriptions = admin.describeTopics(all).allTopicNames().get();
        Map<String, Integer> partitions = descriptions.values().stream()
                .collect(Collectors.toMap(TopicDescription::name, d -> d.partitions().size()));
        assertEquals(Map.ofEntries(Map.entry(names.ingress(), 3), Map.entry(names.nodeOutput("a"), 3),
                Map.entry(names.nodeOutput("b"), 3), Map.entry(names.heartbeats("a"), 1), Map.entry(names.heartbeats("b"), 1),
                Map.entry(names.nodeSync("a"), 3), Map.entry(names.nodeSync("b"), 3), Map.entry(names.syncOrders(), 3),
                Map.entry(names.leadership(), 1), Map.entry(names.egress(), 3), Map.entry(names.selectorCommands(), 3),
                Map.entry(names.deadLetter(), 3), Map.entry(names.selectorHeartbeats(), 1),
                Map.entry(names.selectorState(), 3)), partitions);

        for (String topic : all) {
            assertEquals(topic.equals(names.selectorState()) ? "compact" : "delete", config(topic, "cleanup.policy"), topic);
        }
        assertEquals("LogAppendTime", config(names.selectorHeartbeats(), "message.timestamp.type"));
        assertEquals("604800000", config(names.ingress(), "retention.ms"));
        assertEquals("3600000", config(names.heartbeats("a"), "retention.ms"));
        assertEquals("LogAppendTime", config(names.heartbeats("b"), "message.timestamp.type"));
        assertEquals("-1", config(names.leadership(), "retention.ms"));
        assertEquals("CreateTime", config(names.egress(), "message.timestamp.type"));
    }

    @Test
    void secondRunVerifiesWhatExistsAndCreatesOnlyWhatIsMissing() {
        provisioner.ensureTopics(names, 2, (short) 1, List.of("a"));
        ProvisionedTopics again = provisioner.ensureTopics(names, 2, (short) 1, List.of("a", "b"));
        assertEquals(List.of(names.nodeOutput("b"), names.heartbeats("b"), names.nodeSync("b")), again.created());
        assertEquals(11, again.verified().size());
    }

    @Test
    void refusesAPartitionCountThatDisagreesWithTheExistingTopics() {
        provisioner.ensureTopics(names, 3, (short) 1, List.of("a"));

        TopicProvisioningException e = assertThrows(TopicProvisioningException.class,
                () -> provisioner.ensureTopics(names, 4, (short) 1, List.of("a")));
        String shared = " partitions, but every shared-partition topic (ingress, sync, node outputs and syncs, egress, "
                + "selector.commands, dead-letter, selector.state) must have the same count: 4 (the count asked for)";
        assertEquals(List.of(
                "Topic " + names.ingress() + " has 3" + shared,
                "Topic " + names.nodeOutput("a") + " has 3" + shared,
                "Topic " + names.nodeSync("a") + " has 3" + shared,
                "Topic " + names.syncOrders() + " has 3" + shared,
                "Topic " + names.egress() + " has 3" + shared,
                "Topic " + names.selectorCommands() + " has 3" + shared,
                "Topic " + names.deadLetter() + " has 3" + shared,
                "Topic " + names.selectorState() + " has 3" + shared), e.problems());
        assertEquals(String.join("; ", e.problems()), e.getMessage());
    }

    @Test
    void refusesASelectorStateTopicThatIsNotCompacted() throws Exception {
        admin.createTopics(List.of(new NewTopic(names.selectorState(), 3, (short) 1))).all().get();
        awaitVisible(names.selectorState());
        TopicProvisioningException e = assertThrows(TopicProvisioningException.class,
                () -> provisioner.ensureTopics(names, 3, (short) 1, List.of()));
        assertEquals(List.of("Topic " + names.selectorState() + " has cleanup.policy=delete, but must be"
                + " cleanup.policy=compact: it holds one current record per partition"), e.problems());
    }

    @Test
    void refusesExistingTopicsThatBreakTheContractAndCreatesNothing() throws Exception {
        admin.createTopics(List.of(
                new NewTopic(names.syncOrders(), 2, (short) 1),
                new NewTopic(names.egress(), 3, (short) 1).configs(Map.of("cleanup.policy", "compact")),
                new NewTopic(names.leadership(), 2, (short) 1),
                new NewTopic(names.heartbeats("a"), 1, (short) 1))).all().get();
        awaitVisible(names.syncOrders(), names.egress(), names.leadership(), names.heartbeats("a"));

        TopicProvisioningException e = assertThrows(TopicProvisioningException.class,
                () -> provisioner.ensureTopics(names, 3, (short) 1, List.of("a")));

        assertEquals(Set.of(
                "Topic " + names.syncOrders() + " has 2 partitions, but every shared-partition topic (ingress, sync, node "
                        + "outputs and syncs, egress, selector.commands, dead-letter, selector.state) must have the same count: 3 (the count asked for)",
                "Topic " + names.egress() + " has cleanup.policy=compact, but Understudy's topics must be "
                        + "cleanup.policy=delete: compaction would drop records",
                "Topic " + names.leadership() + " has 2 partitions, but must have exactly 1",
                "Topic " + names.heartbeats("a") + " has message.timestamp.type=CreateTime, but must have LogAppendTime: "
                        + "liveness is judged by broker arrival time, not by the sender's clock"),
                new HashSet<>(e.problems()));
        assertEquals(4, e.problems().size());
        Set<String> prefixed = admin.listTopics().names().get().stream()
                .filter(t -> t.startsWith(names.prefix())).collect(Collectors.toSet());
        assertEquals(Set.of(names.syncOrders(), names.egress(), names.leadership(), names.heartbeats("a")), prefixed,
                "nothing was created for a refused deployment");
    }

    @Test
    void createsTheTopicsOfANodeMatchingIngress() throws Exception {
        provisioner.ensureTopics(names, 5, (short) 1, List.of());
        ProvisionedTopics result = provisioner.ensureNodeTopics(names, "late-joiner");
        List<String> own = List.of(names.nodeOutput("late-joiner"), names.heartbeats("late-joiner"),
                names.nodeSync("late-joiner"));
        assertEquals(own, result.created());
        Map<String, TopicDescription> described = admin.describeTopics(own).allTopicNames().get();
        assertEquals(5, described.get(names.nodeOutput("late-joiner")).partitions().size());
        assertEquals(1, described.get(names.heartbeats("late-joiner")).partitions().size());
        assertEquals(5, described.get(names.nodeSync("late-joiner")).partitions().size());
        assertEquals("LogAppendTime", config(names.heartbeats("late-joiner"), "message.timestamp.type"));
        assertEquals(own, provisioner.ensureNodeTopics(names, "late-joiner").verified());
    }

    @Test
    void refusesANodeOutputTopicWithAnotherPartitionCount() throws Exception {
        provisioner.ensureTopics(names, 5, (short) 1, List.of());
        admin.createTopics(List.of(new NewTopic(names.nodeOutput("odd"), 2, (short) 1))).all().get();
        awaitVisible(names.nodeOutput("odd"));
        TopicProvisioningException e = assertThrows(TopicProvisioningException.class,
                () -> provisioner.ensureNodeTopics(names, "odd"));
        assertEquals("Topic " + names.nodeOutput("odd") + " has 2 partitions, but every shared-partition topic "
                + "(ingress, sync, node outputs and syncs, egress, selector.commands, dead-letter, selector.state) must have the same count: 5 (as "
                + names.ingress() + " has)", e.getMessage());
    }

    @Test
    void aRoleStartingOnTopicsThatDisagreeIsRefusedWithEveryReason() throws Exception {
        provisioner.ensureTopics(names, 3, (short) 1, List.of("a"));
        provisioner.verifyConsistent(names, List.of(names.ingress(), names.syncOrders(), names.nodeOutput("a"), names.egress()));

        TopicNames other = new TopicNames(names.prefix() + "x.");
        admin.createTopics(List.of(
                new NewTopic(other.ingress(), 3, (short) 1),
                new NewTopic(other.syncOrders(), 3, (short) 1),
                new NewTopic(other.egress(), 4, (short) 1),
                new NewTopic(other.nodeOutput("a"), 3, (short) 1).configs(Map.of("cleanup.policy", "compact,delete"))))
                .all().get();
        awaitVisible(other.ingress(), other.syncOrders(), other.egress(), other.nodeOutput("a"));

        TopicProvisioningException e = assertThrows(TopicProvisioningException.class, () -> provisioner.verifyConsistent(
                other, List.of(other.ingress(), other.syncOrders(), other.nodeOutput("a"), other.egress(), other.leadership())));
        assertEquals(Set.of(
                "Topic " + other.egress() + " has 4 partitions, but every shared-partition topic (ingress, sync, node "
                        + "outputs and syncs, egress, selector.commands, dead-letter, selector.state) must have the same count: 3 (as "
                        + other.ingress() + " has)",
                "Topic " + other.nodeOutput("a") + " has cleanup.policy=compact,delete, but Understudy's topics must be "
                        + "cleanup.policy=delete: compaction would drop records"),
                new HashSet<>(e.problems()));
    }

    @Test
    void refusesANodeOutputTopicWithoutIngress() {
        TopicProvisioningException e = assertThrows(TopicProvisioningException.class,
                () -> provisioner.ensureNodeTopics(names, "a"));
        assertEquals("Cannot create " + names.nodeOutput("a") + ": the ingress topic " + names.ingress()
                + " does not exist at " + stack.bootstrapServers() + "; create the topics first", e.getMessage());
    }

    @Test
    void concurrentProvisionersEachCreatePartAndBothSucceed() throws Exception {
        List<CompletableFuture<ProvisionedTopics>> runs = new ArrayList<>();
        List<TopicProvisioner> provisioners = List.of(TopicProvisioner.forCluster(stack.bootstrapServers()),
                TopicProvisioner.forCluster(stack.bootstrapServers()));
        try {
            for (TopicProvisioner each : provisioners) {
                runs.add(CompletableFuture.supplyAsync(() -> each.ensureTopics(names, 2, (short) 1, List.of("a", "b"))));
            }
            List<String> created = new ArrayList<>();
            for (CompletableFuture<ProvisionedTopics> run : runs) {
                ProvisionedTopics result = run.get();
                created.addAll(result.created());
                assertEquals(14, result.created().size() + result.verified().size());
            }
            assertEquals(14, created.size(), "each topic created exactly once: " + created);
            assertEquals(14, new HashSet<>(created).size());
        } finally {
            provisioners.forEach(TopicProvisioner::close);
        }
    }

    @Test
    void saysWhenKafkaIsUnreachable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String bootstrap = "127.0.0.1:" + closedPort;
        try (TopicProvisioner unreachable = new TopicProvisioner(new TopicProvisionerConfig(Map.of(
                TopicProvisionerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                TopicProvisionerConfig.TIMEOUT_MS_CONFIG, 1500)))) {
            TopicProvisioningException e = assertThrows(TopicProvisioningException.class,
                    () -> unreachable.ensureTopics(names, 1, (short) 1, List.of()));
            assertTrue(e.getMessage().startsWith("Kafka at " + bootstrap + " is unreachable: no answer to describe topic "
                    + names.ingress() + " within 1500 ms"), e.getMessage());
        }
    }

    /** Waits until the broker describes the topics: creation is acknowledged a moment before that. */
    private void awaitVisible(String... topics) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (true) {
            try {
                admin.describeTopics(List.of(topics)).allTopicNames().get();
                return;
            } catch (ExecutionException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Topics not visible: " + List.of(topics), notYet);
                }
                Thread.sleep(20);
            }
        }
    }

    private String config(String topic, String key) throws ExecutionException, InterruptedException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        return config.get(key).value();
    }
}
