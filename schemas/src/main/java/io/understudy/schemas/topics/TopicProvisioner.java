package io.understudy.schemas.topics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates Understudy's topics as {@link TopicContract} describes them, and refuses to go on with
 * existing topics that break the contract: it never alters or deletes a topic, since a topic
 * with the wrong partition count can only be fixed by an operator.
 *
 * <p>Safe to run concurrently from several processes: a topic created by someone else between
 * the check and the creation is verified like any existing one.
 */
public final class TopicProvisioner implements AutoCloseable {

    private final Admin admin;
    private final TopicProvisionerConfig config;
    private final long timeoutMs;

    /** A provisioner with its own Admin client (closed by {@link #close()}). */
    public TopicProvisioner(TopicProvisionerConfig config) {
        this.config = config;
        this.timeoutMs = config.timeout().toMillis();
        try {
            this.admin = Admin.create(config.adminConfigs());
        } catch (KafkaException e) {
            throw new TopicProvisioningException("Cannot connect to Kafka at " + config.bootstrapServers()
                    + ": " + rootMessage(e), e);
        }
    }

    /** A provisioner with its own Admin client and default settings. */
    public static TopicProvisioner forCluster(String bootstrapServers) {
        return new TopicProvisioner(TopicProvisionerConfig.forCluster(bootstrapServers));
    }

    /**
     * Makes sure every Understudy topic exists and matches the contract: creates the missing ones
     * and verifies the others. Existing topics are verified before anything is created, so a
     * refused deployment is left as it was.
     *
     * @param names             the topic names
     * @param partitions        the partition count of the ingress topic, and so of every
     *                          {@link PartitionRule#SHARED} topic
     * @param replicationFactor the replication factor of topics it creates
     * @param nodeIds           the nodes whose own topics (output, heartbeats, sync) to create as well
     * @throws TopicProvisioningException naming each topic that breaks the contract and how,
     *                                    or when Kafka does not answer
     */
    public ProvisionedTopics ensureTopics(TopicNames names, int partitions, short replicationFactor,
                                          Collection<String> nodeIds) {
        if (partitions < 1) {
            throw new IllegalArgumentException("Partition count must be at least 1, was " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("Replication factor must be at least 1, was " + replicationFactor);
        }
        nodeIds.forEach(TopicNames::requireValidNodeId);
        Map<String, NewTopic> wanted = new LinkedHashMap<>();
        for (TopicContract contract : TopicContract.values()) {
            for (String topic : contract.names(names, nodeIds)) {
                wanted.put(topic, newTopic(contract, topic, partitions, replicationFactor));
            }
        }
        return ensure(names, wanted, "the count asked for");
    }

    /**
     * Makes sure the topics of one node exist: its output and sync topics, with as many partitions
     * as the ingress topic and its replication factor, and its heartbeats topic. Names come from
     * {@link TopicProvisionerConfig#TOPIC_PREFIX_CONFIG}.
     *
     * @throws TopicProvisioningException when the ingress topic does not exist, or one of the node's
     *                                    topics exists with another partition count or cleanup policy
     */
    public ProvisionedTopics ensureNodeTopics(String nodeId) {
        return ensureNodeTopics(config.topicNames(), nodeId);
    }

    /** As {@link #ensureNodeTopics(String)}, under the given names. */
    public ProvisionedTopics ensureNodeTopics(TopicNames names, String nodeId) {
        TopicNames.requireValidNodeId(nodeId);
        String ingress = names.ingress();
        TopicDescription ingressDescription = describe(List.of(ingress)).get(ingress);
        if (ingressDescription == null) {
            throw new TopicProvisioningException(List.of("Cannot create " + names.nodeOutput(nodeId)
                    + ": the ingress topic " + ingress + " does not exist at " + config.bootstrapServers()
                    + "; create the topics first"));
        }
        int partitions = ingressDescription.partitions().size();
        short replicationFactor = (short) ingressDescription.partitions().get(0).replicas().size();
        Map<String, NewTopic> wanted = new LinkedHashMap<>();
        for (TopicContract contract : TopicContract.perNodeTopics()) {
            String topic = contract.name(names, nodeId);
            wanted.put(topic, newTopic(contract, topic, partitions, replicationFactor));
        }
        return ensure(names, wanted, "as " + ingress + " has");
    }

    /**
     * Checks, without creating anything, that the existing topics among {@code topics} agree with
     * each other and with the contract: every shared-partition topic has the partition count of
     * the first one listed that exists (list ingress first where the role reads it), one-partition
     * topics have 1, and none is compacted. A role calls it at start with the topics it uses, so
     * that a deployment whose topics disagree is refused before anything is processed.
     *
     * @throws TopicProvisioningException naming each topic that disagrees and how
     */
    public void verifyConsistent(TopicNames names, List<String> topics) {
        Map<String, TopicDescription> existing = describe(topics);
        String reference = topics.stream().filter(existing::containsKey)
                .filter(t -> TopicContract.of(names, t).map(c -> c.partitions() == PartitionRule.SHARED).orElse(false))
                .findFirst().orElse(null);
        int shared = reference == null ? 1 : existing.get(reference).partitions().size();
        Map<String, NewTopic> wanted = new LinkedHashMap<>();
        for (String topic : existing.keySet()) {
            TopicContract contract = TopicContract.of(names, topic).orElseThrow(() -> new IllegalArgumentException(
                    topic + " is not an Understudy topic under the prefix '" + names.prefix() + "'"));
            wanted.put(topic, newTopic(contract, topic, shared, (short) 1));
        }
        verify(names, wanted, existing, "as " + reference + " has");
    }

    @Override
    public void close() {
        admin.close();
    }

    private NewTopic newTopic(TopicContract contract, String topic, int ingressPartitions, short replicationFactor) {
        return new NewTopic(topic, contract.partitionCount(ingressPartitions), replicationFactor)
                .configs(contract.topicConfigs(config.retention()));
    }

    /**
     * Verifies the existing topics among {@code wanted}, creates the missing ones, verifies those
     * that someone else created meanwhile, and waits until the created ones are visible.
     *
     * @param countSource where the expected shared partition count comes from, for messages
     */
    private ProvisionedTopics ensure(TopicNames names, Map<String, NewTopic> wanted, String countSource) {
        Map<String, TopicDescription> existing = describe(wanted.keySet());
        verify(names, wanted, existing, countSource);

        List<String> missing = wanted.keySet().stream().filter(t -> !existing.containsKey(t)).toList();
        List<String> created = new ArrayList<>();
        List<String> createdByOthers = new ArrayList<>();
        if (!missing.isEmpty()) {
            Map<String, KafkaFuture<Void>> results = admin.createTopics(
                    missing.stream().map(wanted::get).toList(),
                    new CreateTopicsOptions().timeoutMs((int) timeoutMs)).values();
            for (String topic : missing) {
                try {
                    await(results.get(topic), "create topic " + topic);
                    created.add(topic);
                } catch (TopicExistsException e) {
                    createdByOthers.add(topic); // lost a race: verify it like any existing topic
                } catch (KafkaException e) {
                    throw new TopicProvisioningException("Cannot create topic " + topic + " at "
                            + config.bootstrapServers() + ": " + e.getMessage(), e);
                }
            }
        }
        if (!createdByOthers.isEmpty()) {
            verify(names, wanted, awaitVisible(createdByOthers), countSource);
        }
        awaitWritable(awaitVisible(created));
        List<String> verified = new ArrayList<>(existing.keySet());
        verified.addAll(createdByOthers);
        return new ProvisionedTopics(created, verified);
    }

    /** Checks every existing topic against what it should be; throws listing every problem found. */
    private void verify(TopicNames names, Map<String, NewTopic> wanted, Map<String, TopicDescription> existing,
                        String countSource) {
        if (existing.isEmpty()) {
            return;
        }
        Map<String, Config> configs = describeConfigs(existing.keySet());
        List<String> problems = new ArrayList<>();
        for (TopicDescription description : existing.values()) {
            String topic = description.name();
            TopicContract contract = TopicContract.of(names, topic).orElseThrow();
            int expected = wanted.get(topic).numPartitions();
            int actual = description.partitions().size();
            if (actual != expected) {
                problems.add(contract.partitions() == PartitionRule.SHARED
                        ? "Topic " + topic + " has " + actual + " partitions, but every shared-partition topic "
                                + "(ingress, sync, node outputs and syncs, egress, selector.commands, dead-letter, selector.state) must have the same "
                                + "count: " + expected + " (" + countSource + ")"
                        : "Topic " + topic + " has " + actual + " partitions, but must have exactly 1");
            }
            Config topicConfig = configs.get(topic);
            String cleanupPolicy = valueOf(topicConfig, TopicConfig.CLEANUP_POLICY_CONFIG);
            boolean compacted = cleanupPolicy != null && cleanupPolicy.contains(TopicConfig.CLEANUP_POLICY_COMPACT);
            if (compacted && !contract.compacted()) {
                problems.add("Topic " + topic + " has cleanup.policy=" + cleanupPolicy
                        + ", but Understudy's topics must be cleanup.policy=delete: compaction would drop records");
            } else if (!compacted && contract.compacted() && cleanupPolicy != null) {
                problems.add("Topic " + topic + " has cleanup.policy=" + cleanupPolicy
                        + ", but must be cleanup.policy=compact: it holds one current record per partition");
            }
            String timestampType = wanted.get(topic).configs().get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG);
            String actualTimestampType = valueOf(topicConfig, TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG);
            if (timestampType != null && !timestampType.equals(actualTimestampType)) {
                problems.add("Topic " + topic + " has message.timestamp.type=" + actualTimestampType + ", but must have "
                        + timestampType + ": liveness is judged by broker arrival time, not by the sender's clock");
            }
        }
        if (!problems.isEmpty()) {
            throw new TopicProvisioningException(problems);
        }
    }

    /**
     * Waits until every topic is visible with a leader for each partition. Kafka acknowledges a
     * creation once the controller has it, and brokers learn of it a moment later (up to a few
     * hundred ms here): returning earlier would let the caller's next producer or describe call
     * find no topic.
     */
    private Map<String, TopicDescription> awaitVisible(Collection<String> topics) {
        if (topics.isEmpty()) {
            return Map.of();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        long pauseMs = 10;
        while (true) {
            Map<String, TopicDescription> visible = describe(topics);
            boolean ready = visible.size() == topics.size() && visible.values().stream()
                    .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
            if (ready) {
                return visible;
            }
            if (System.nanoTime() > deadline) {
                List<String> missing = topics.stream().filter(t -> !visible.containsKey(t)).toList();
                throw new TopicProvisioningException(List.of("Topics " + topics + " were created at "
                        + config.bootstrapServers() + " but " + (missing.isEmpty() ? "some partitions have no leader"
                        : missing + " are not visible") + " after " + timeoutMs + " ms"));
            }
            sleep(pauseMs);
            pauseMs = Math.min(pauseMs * 2, 200);
        }
    }

    /**
     * Waits until every partition of the topics is online at its leader. Metadata names a leader
     * a moment before that broker serves the partition; producing in that window has left an
     * idempotent producer stuck on OutOfOrderSequenceException here. ListOffsets is answered by
     * the leader itself, and the Admin client retries it until the partition is served.
     */
    private void awaitWritable(Map<String, TopicDescription> topics) {
        if (topics.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        topics.values().forEach(d -> d.partitions().forEach(
                p -> partitions.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
        try {
            await(admin.listOffsets(partitions, new ListOffsetsOptions().timeoutMs((int) timeoutMs)).all(),
                    "list the offsets of " + topics.keySet());
        } catch (KafkaException e) {
            throw new TopicProvisioningException("Topics " + topics.keySet() + " were created at "
                    + config.bootstrapServers() + " but are not served yet: " + e.getMessage(), e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicProvisioningException("Interrupted while waiting for topics to appear", e);
        }
    }

    /** Describes the topics that exist among {@code topics}; missing ones are left out. */
    private Map<String, TopicDescription> describe(Collection<String> topics) {
        Map<String, KafkaFuture<TopicDescription>> results = admin.describeTopics(topics,
                new DescribeTopicsOptions().timeoutMs((int) timeoutMs)).topicNameValues();
        Map<String, TopicDescription> existing = new LinkedHashMap<>();
        for (String topic : topics) {
            try {
                existing.put(topic, await(results.get(topic), "describe topic " + topic));
            } catch (UnknownTopicOrPartitionException e) {
                // missing: to be created
            } catch (KafkaException e) {
                throw new TopicProvisioningException("Cannot describe topic " + topic + " at "
                        + config.bootstrapServers() + ": " + e.getMessage(), e);
            }
        }
        return existing;
    }

    private Map<String, Config> describeConfigs(Collection<String> topics) {
        List<ConfigResource> resources = topics.stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        Map<ConfigResource, Config> configs;
        try {
            configs = await(admin.describeConfigs(resources, new DescribeConfigsOptions().timeoutMs((int) timeoutMs)).all(),
                    "describe the configs of " + topics);
        } catch (KafkaException e) {
            throw new TopicProvisioningException("Cannot read the configs of " + topics + " at "
                    + config.bootstrapServers() + ": " + e.getMessage(), e);
        }
        return configs.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().name(), Map.Entry::getValue));
    }

    private static String valueOf(Config config, String key) {
        ConfigEntry entry = config == null ? null : config.get(key);
        return entry == null ? null : entry.value();
    }

    /**
     * Waits for an Admin result, turning a time-out into a message saying Kafka is unreachable and
     * rethrowing the Kafka error itself (e.g. {@link TopicExistsException}) otherwise.
     */
    private <T> T await(KafkaFuture<T> future, String what) {
        try {
            // the Admin call has its own time-out; this one only guards against it not firing
            return future.get(timeoutMs + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TimeoutException timeout) {
                throw unreachable(what, timeout);
            }
            if (e.getCause() instanceof KafkaException kafka) {
                throw kafka;
            }
            throw new TopicProvisioningException("Cannot " + what + " at " + config.bootstrapServers() + ": "
                    + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw unreachable(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicProvisioningException("Interrupted while waiting to " + what, e);
        }
    }

    private TopicProvisioningException unreachable(String what, Exception cause) {
        return new TopicProvisioningException("Kafka at " + config.bootstrapServers() + " is unreachable: no answer to "
                + what + " within " + timeoutMs + " ms (" + cause.getMessage() + ")", cause);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
