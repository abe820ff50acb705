package io.understudy.cli.topics;

import io.understudy.cli.options.ClusterOptions;
import io.understudy.config.kafka.KafkaPassThrough;
import io.understudy.schemas.topics.ProvisionedTopics;
import io.understudy.schemas.topics.TopicNames;
import io.understudy.schemas.topics.TopicProvisioner;
import io.understudy.schemas.topics.TopicProvisionerConfig;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code understudy topics --create}: what an administrator runs once per deployment (the nodes
 * only create their own output topic). Settings: {@code ingress.retention.ms} (how long ingress
 * is kept for audit), {@code heartbeats.retention.ms}, {@code timeout.ms}, and {@code kafka.*}
 * for the admin client's connection, from --config/env/--set like every role.
 */
@Command(name = "topics",
        description = "Creates every Understudy topic that is missing (partitions, replication factor, retention)"
                + " and checks those that exist; refuses, naming each problem, when partition counts disagree or a"
                + " topic is compacted. Never alters or deletes a topic.")
public final class TopicsCommand implements Callable<Integer> {

    @Option(names = "--create", required = true, description = "Create the missing topics and check the others.")
    boolean create;

    @Option(names = "--partitions", required = true, description = "Partitions of ingress and of every topic that"
            + " shares its partitioning (sync, node outputs, egress, selector commands).")
    int partitions;

    @Option(names = "--replication-factor", defaultValue = "1", description = "Replication factor of the topics it"
            + " creates (default ${DEFAULT-VALUE}; 3 on a production cluster).")
    short replicationFactor;

    @Option(names = "--nodes", split = ",", paramLabel = "ID",
            description = "Nodes whose own topics (output, heartbeats, sync) to create too.")
    List<String> nodes = List.of();

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Map<String, Object> given = cluster.settings(TopicsCommand::accepts).values();
        Map<String, Object> settings = new HashMap<>();
        given.forEach((key, value) -> settings.put(key.startsWith(KafkaPassThrough.KAFKA_PREFIX)
                ? TopicProvisionerConfig.ADMIN_PREFIX + key.substring(KafkaPassThrough.KAFKA_PREFIX.length()) : key, value));
        settings.putIfAbsent(TopicProvisionerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092");
        TopicProvisionerConfig config = new TopicProvisionerConfig(settings);
        TopicNames topics = config.topicNames();
        PrintWriter out = spec.commandLine().getOut();
        try (TopicProvisioner provisioner = new TopicProvisioner(config)) {
            ProvisionedTopics result = provisioner.ensureTopics(topics, partitions, replicationFactor, nodes);
            out.printf("created %s%nverified %s%n", result.created(), result.verified());
        }
        out.flush();
        return 0;
    }

    private static boolean accepts(String key) {
        return TopicProvisionerConfig.CONFIG_DEF.names().contains(key) || key.startsWith(KafkaPassThrough.KAFKA_PREFIX);
    }
}
