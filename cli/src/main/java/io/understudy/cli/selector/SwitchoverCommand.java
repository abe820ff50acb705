package io.understudy.cli.selector;

import io.understudy.cli.options.ClusterOptions;
import io.understudy.cli.options.Role;
import io.understudy.records.SelectorCommandKind;
import io.understudy.schemas.registry.SchemaRegistryClient;
import io.understudy.schemas.serde.AvroSerde;
import io.understudy.schemas.topics.TopicNames;
import io.understudy.selector.SelectorConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code understudy switchover}: asks the selector to move leadership at the watermark. */
@Command(name = "switchover",
        description = "Planned switchover: the selector makes the given node leader at the current watermark, with no"
                + " detection delay and no gap. Refused (and logged by the selector) if the node is not eligible.")
public final class SwitchoverCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--to", required = true, description = "The node to make leader.")
    String target;

    @Option(names = "--partition", description = "Only this ingress partition (default: every partition).")
    Integer partition;

    @Override
    public Integer call() throws Exception {
        // the selector's settings: its Kafka connection and security (kafka.*) are what the operator has at hand
        SelectorConfig config = new SelectorConfig(cluster.settings(Role.SELECTOR).values());
        String registryUrl = config.schemaRegistryUrl();
        TopicNames topics = config.topics();
        Map<String, Object> client = new HashMap<>(config.kafkaClientSettings());
        List<Integer> partitions = new ArrayList<>();
        if (partition != null) {
            partitions.add(partition);
        } else {
            try (Admin admin = Admin.create(client)) {
                int count = admin.describeTopics(List.of(topics.selectorCommands())).allTopicNames()
                        .get(15, TimeUnit.SECONDS).get(topics.selectorCommands()).partitions().size();
                for (int p = 0; p < count; p++) {
                    partitions.add(p);
                }
            }
        }
        client.put(ProducerConfig.ACKS_CONFIG, "all");
        String requestedBy = System.getProperty("user.name", "?") + "@" + java.net.InetAddress.getLocalHost().getHostName();
        try (SchemaRegistryClient registry = SchemaRegistryClient.forUrl(registryUrl);
             KafkaProducer<String, io.understudy.records.SelectorCommand> producer = new KafkaProducer<>(client,
                     new StringSerializer(),
                     AvroSerde.forValues(io.understudy.records.SelectorCommand.class, registry).serializer())) {
            for (int p : partitions) {
                io.understudy.records.SelectorCommand command = new io.understudy.records.SelectorCommand(
                        SelectorCommandKind.SWITCHOVER, p, target, requestedBy, System.currentTimeMillis());
                producer.send(new ProducerRecord<>(topics.selectorCommands(), p, Integer.toString(p), command)).get();
            }
        }
        System.out.println("switchover to " + target + " requested for partition(s) " + partitions
                + "; the selector logs the decision and writes it to " + topics.leadership());
        return 0;
    }
}
