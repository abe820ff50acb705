package io.understudy.cli.audit;

import io.understudy.audit.AuditInputs;
import io.understudy.audit.AuditRange;
import io.understudy.audit.EgressReplay;
import io.understudy.audit.EpochTable;
import io.understudy.audit.TopicLogs;
import io.understudy.cli.CommandFailure;
import io.understudy.records.EgressRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code understudy replay}: re-emits a range of egress into another topic, copied or recomputed. */
@Command(name = "replay",
        description = "Re-emits the egress of a range of ingress offsets into another topic for downstream reprocessing,"
                + " with the same lineage: copied from the egress topic (default), or recomputed from the ingress log by"
                + " replaying it through the traffic function (--recompute). Written in one transaction: a read_committed"
                + " consumer sees all of it or nothing. Partition p of egress goes to partition p of the target.")
public final class ReplayCommand implements Callable<Integer> {

    @Mixin
    AuditSource source;

    @Option(names = "--target-topic", required = true, paramLabel = "TOPIC",
            description = "Where to write (created with the egress topic's partition count if missing; never the egress topic).")
    String target;

    @Option(names = "--recompute", description = "Recompute from the ingress log instead of copying the egress topic.")
    boolean recompute;

    @Option(names = "--partition", paramLabel = "N", description = "Only this ingress partition (repeatable; default: all).")
    List<Integer> partitions = new ArrayList<>();

    @Option(names = "--from", paramLabel = "OFFSET", defaultValue = "0", description = "First ingress offset (default ${DEFAULT-VALUE}).")
    long from;

    @Option(names = "--to", paramLabel = "OFFSET", defaultValue = "-1", description = "Last ingress offset, inclusive (default: the end).")
    long to;

    @Override
    public Integer call() throws Exception {
        AuditRange range = AuditSource.range(from, to, true);
        try (AuditInputs opened = source.open();
             TopicLogs logs = new TopicLogs(opened.clientSettings(), Duration.ofSeconds(60))) {
            String egress = opened.topics().egress();
            String ingress = opened.topics().ingress();
            if (target.equals(egress) || target.equals(ingress)) {
                throw new CommandFailure("--target-topic must be another topic than " + target
                        + ": replay never writes to Understudy's own topics");
            }
            int count = logs.partitionCount(egress);
            ensureTopic(opened.clientSettings(), target, count);
            List<Integer> chosen = partitions.isEmpty()
                    ? java.util.stream.IntStream.range(0, count).boxed().toList() : partitions;
            EpochTable epochs = recompute ? EpochTable.of(logs.leadership(opened.topics().leadership(),
                    opened.leadershipSerde().deserializer())) : null;
            var egressDecoder = opened.egressSerde().deserializer();
            long written = 0;
            long skipped = 0;
            try (KafkaProducer<String, EgressRecord> producer = new KafkaProducer<>(producerSettings(opened),
                    new StringSerializer(), opened.egressSerde().serializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                for (int p : chosen) {
                    java.util.function.Consumer<EgressRecord> sink = record -> producer.send(
                            new ProducerRecord<>(target, record.getIngressPartition(), record.getFlowId(), record));
                    EgressReplay.Counts counts = recompute
                            ? EgressReplay.recompute(logs.ingress(ingress, p, logs.end(ingress, p)), opened.replay(p),
                                    epochs, range, sink)
                            : EgressReplay.copy(logs.egress(egress, p, egressDecoder), range, sink);
                    written += counts.written();
                    skipped += counts.skipped();
                    System.out.printf("partition %d: %,d record(s) %s, %,d skipped%n", p, counts.written(),
                            recompute ? "recomputed" : "copied", counts.skipped());
                }
                producer.commitTransaction();
            }
            System.out.printf("replayed %,d egress record(s) of ingress offsets %s, partitions %s, into %s (%s)%s%n",
                    written, range.describe(), chosen, target, recompute ? "recomputed from ingress" : "copied from egress",
                    skipped == 0 ? "" : "; skipped " + skipped + (recompute
                            ? " output(s) of ingress no leader epoch covers yet" : " undecodable egress record(s)"));
            return 0;
        }
    }

    private Map<String, Object> producerSettings(AuditInputs opened) {
        Map<String, Object> settings = new HashMap<>(opened.clientSettings());
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "understudy-replay-" + target);
        return settings;
    }

    private static void ensureTopic(Map<String, Object> client, String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(client)) {
            try {
                admin.createTopics(List.of(new NewTopic(topic, java.util.Optional.of(partitions), java.util.Optional.empty())))
                        .all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            int existing = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                    .partitions().size();
            if (existing < partitions) {
                throw new CommandFailure("topic " + topic + " has " + existing + " partition(s); the egress has "
                        + partitions + ": partition p of egress goes to partition p of the target");
            }
        }
    }
}
