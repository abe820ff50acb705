package io.understudy.bridge;

import io.understudy.bridge.config.BridgeConfig;
import io.understudy.records.TrafficPacket;
import io.understudy.schemas.registry.SchemaRegistryClient;
import io.understudy.schemas.serde.AvroSerde;
import io.understudy.stack.StackEndpoints;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A fresh ingress topic of its own for one test (under a unique prefix, so counts are exact),
 * the bridge configuration that publishes to it, and a reader of everything in it.
 */
final class IngressTopic {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final StackEndpoints stack;
    private final String prefix;
    private final String name;
    private final int partitions;

    private IngressTopic(StackEndpoints stack, String prefix, int partitions) {
        this.stack = stack;
        this.prefix = prefix;
        this.name = prefix + "ingress";
        this.partitions = partitions;
    }

    /** Creates {@code <label>-<n>.ingress} with the given partitions on the stack's broker. */
    static IngressTopic create(StackEndpoints stack, String label, int partitions) throws Exception {
        IngressTopic topic = new IngressTopic(stack, label + "-" + COUNTER.incrementAndGet() + ".", partitions);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic.name, Optional.of(partitions), Optional.of((short) 1))))
                    .all().get(30, TimeUnit.SECONDS);
        }
        return topic;
    }

    String name() {
        return name;
    }

    /** A bridge on free ports publishing here, with low latency settings and a patient health probe, plus {@code overrides}. */
    BridgeConfig bridgeConfig(Map<String, ?> overrides) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(BridgeConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        settings.put(BridgeConfig.SCHEMA_REGISTRY_URL_CONFIG, stack.schemaRegistryUrl());
        settings.put(BridgeConfig.TOPIC_PREFIX_CONFIG, prefix);
        settings.put(BridgeConfig.TCP_PORT_CONFIG, 0);
        settings.put(BridgeConfig.HTTP_PORT_CONFIG, 0);
        settings.put(BridgeConfig.PRODUCER_LINGER_MS_CONFIG, 1);
        // patient: on a busy test machine a probe timing out would refuse packets until the next one
        settings.put(BridgeConfig.HEALTH_PROBE_TIMEOUT_MS_CONFIG, 10_000);
        settings.putAll(overrides);
        return new BridgeConfig(settings);
    }

    BridgeConfig bridgeConfig() {
        return bridgeConfig(Map.of());
    }

    /**
     * Every record in the topic now, decoded with the TrafficPacket serde, in partition then
     * offset order. Read up to the end offsets taken first: call it after the acks are in.
     */
    List<ConsumerRecord<String, TrafficPacket>> readAll() {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        try (SchemaRegistryClient registry = SchemaRegistryClient.forUrl(stack.schemaRegistryUrl());
             KafkaConsumer<String, TrafficPacket> consumer = new KafkaConsumer<>(settings, new StringDeserializer(),
                     AvroSerde.forValues(TrafficPacket.class, registry).deserializer())) {
            List<TopicPartition> all = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                all.add(new TopicPartition(name, p));
            }
            consumer.assign(all);
            consumer.seekToBeginning(all);
            Map<TopicPartition, Long> ends = consumer.endOffsets(all);
            List<ConsumerRecord<String, TrafficPacket>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (all.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Could not read " + name + " up to its end offsets " + ends
                            + " within 30 s; read " + records.size());
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            records.sort((a, b) -> a.partition() != b.partition()
                    ? Integer.compare(a.partition(), b.partition()) : Long.compare(a.offset(), b.offset()));
            return records;
        }
    }
}
