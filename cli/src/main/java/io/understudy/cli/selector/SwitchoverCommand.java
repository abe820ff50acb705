package io.understudy.cli.selector;

import io.understudy.cli.CommandFailure;
import io.understudy.cli.options.ClusterOptions;
import io.understudy.cli.options.KafkaReachability;
import io.understudy.cli.options.Role;
import io.understudy.records.LeaderChange;
import io.understudy.records.LeaderChangeReason;
import io.understudy.records.SelectorCommandKind;
import io.understudy.schemas.registry.SchemaRegistryClient;
import io.understudy.schemas.serde.AvroSerde;
import io.understudy.schemas.topics.TopicNames;
import io.understudy.selector.SelectorConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code understudy switchover}: asks the selector to move leadership at the watermark, then waits
 * for its answer on the leadership topic (moved at watermark W, or refused and why) and prints it.
 * Each request carries an id that the selector echoes in the decision that answers it.
 */
@Command(name = "switchover",
        description = "Planned switchover: the selector makes the given node leader at the current watermark, with no"
                + " detection delay and no gap. Waits for the selector's answer and prints it per partition: moved at"
                + " watermark W, or refused and why. Exit code 0 only when every partition has the node as leader.")
public final class SwitchoverCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--to", required = true, description = "The node to make leader.")
    String target;

    @Option(names = "--partition", description = "Only this ingress partition (default: every partition).")
    Integer partition;

    @Option(names = "--timeout", defaultValue = "30", description = "Seconds to wait for the selector's answers (default 30).")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        // the selector's settings: its Kafka connection and security (kafka.*) are what the operator has at hand
        SelectorConfig config = new SelectorConfig(Role.SELECTOR.knownValues(cluster.settings(Role.SELECTOR)));
        TopicNames topics = config.topicNames();
        Map<String, Object> client = new HashMap<>(config.kafkaClientSettings());
        KafkaReachability.require(config.bootstrapServers());
        List<Integer> partitions = partitions(client, topics, config.bootstrapServers());

        Map<String, Object> readerSettings = new HashMap<>(client);
        readerSettings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        readerSettings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, Object> producerSettings = new HashMap<>(client);
        producerSettings.put(ProducerConfig.ACKS_CONFIG, "all");
        producerSettings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        producerSettings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        producerSettings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        String requestedBy = System.getProperty("user.name", "?") + "@" + java.net.InetAddress.getLocalHost().getHostName();
        String requestId = UUID.randomUUID().toString();
        Map<Integer, LeaderChange> answers = new TreeMap<>();
        try (SchemaRegistryClient registry = SchemaRegistryClient.forUrl(config.schemaRegistryUrl());
             KafkaConsumer<String, LeaderChange> decisions = new KafkaConsumer<>(readerSettings, new StringDeserializer(),
                     AvroSerde.forValues(LeaderChange.class, registry).deserializer());
             KafkaProducer<String, io.understudy.records.SelectorCommand> producer = new KafkaProducer<>(producerSettings,
                     new StringSerializer(),
                     AvroSerde.forValues(io.understudy.records.SelectorCommand.class, registry).serializer())) {
            TopicPartition leadership = new TopicPartition(topics.leadership(), 0);
            decisions.assign(List.of(leadership));
            decisions.seekToEnd(List.of(leadership));
            decisions.position(leadership); // the answers come after this point
            for (int p : partitions) {
                io.understudy.records.SelectorCommand command = new io.understudy.records.SelectorCommand(
                        SelectorCommandKind.SWITCHOVER, p, target, requestedBy, System.currentTimeMillis(), requestId);
                producer.send(new ProducerRecord<>(topics.selectorCommands(), p, Integer.toString(p), command))
                        .get(20, TimeUnit.SECONDS);
            }
            System.out.println("switchover to " + target + " requested for partition(s) " + partitions
                    + "; waiting for the selector's answer on " + topics.leadership());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (answers.size() < partitions.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, LeaderChange> record : decisions.poll(Duration.ofMillis(100))) {
                    LeaderChange change = record.value();
                    if (change != null && requestId.equals(change.getRequestId())) {
                        answers.put(change.getPartition(), change);
                    }
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new CommandFailure("cannot write the switchover request to " + topics.selectorCommands() + " at "
                    + config.bootstrapServers() + ": " + (e.getCause() == null ? e : e.getCause()).getMessage());
        }
        boolean allLead = true;
        for (int p : partitions) {
            LeaderChange answer = answers.get(p);
            if (answer == null) {
                allLead = false;
                System.out.println("partition " + p + ": no answer from the selector within " + timeoutSeconds
                        + " s (is a selector running?)");
            } else if (answer.getReason() == LeaderChangeReason.SWITCHOVER) {
                System.out.println("partition " + p + ": moved from " + answer.getPreviousLeader() + " to "
                        + answer.getLeader() + " at watermark " + answer.getWatermark() + " (epoch " + answer.getEpoch() + ")");
            } else {
                boolean leads = target.equals(answer.getLeader());
                allLead &= leads;
                System.out.println("partition " + p + ": " + (leads ? "" : "refused: ") + answer.getDetail());
            }
        }
        return allLead ? 0 : 1;
    }

    /** The partitions asked for, checking on the way that Kafka answers (one clear line if not). */
    private List<Integer> partitions(Map<String, Object> client, TopicNames topics, String bootstrap) {
        Map<String, Object> adminSettings = new HashMap<>(client);
        adminSettings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        adminSettings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        List<Integer> partitions = new ArrayList<>();
        try (Admin admin = Admin.create(adminSettings)) {
            int count = admin.describeTopics(List.of(topics.selectorCommands())).allTopicNames()
                    .get(10, TimeUnit.SECONDS).get(topics.selectorCommands()).partitions().size();
            if (partition != null) {
                if (partition < 0 || partition >= count) {
                    throw new CommandFailure("--partition " + partition + " does not exist: the deployment has "
                            + count + " partitions");
                }
                partitions.add(partition);
            } else {
                for (int p = 0; p < count; p++) {
                    partitions.add(p);
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new CommandFailure("cannot reach Kafka at " + bootstrap + " (or " + topics.selectorCommands()
                    + " does not exist): " + (e.getCause() == null ? e.toString() : e.getCause().getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure("interrupted");
        }
        return partitions;
    }
}
