package io.understudy.bench.baseline;

import io.understudy.config.kafka.ExactlyOnceStreams;
import io.understudy.records.TrafficPacket;
import io.understudy.schemas.registry.SchemaRegistryClient;
import io.understudy.schemas.serde.AvroSerde;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * The baseline as a process: {@code java -cp ... io.understudy.bench.baseline.BaselineStreamsApp
 * key=value ...} with the keys of {@link BaselineConfig}. It prints {@value #RUNNING} each time
 * Kafka Streams reaches RUNNING, which is how the harness knows it is up.
 *
 * <p>What it shares with an Understudy node, so the comparison is about the architecture: Avro
 * TrafficPacket records through the same serde and schema registry, exactly_once_v2, a changelogged
 * in-memory key-value store per flow (the node's default store kind), one stream thread, the same
 * commit interval, linger and producer retry back-off.
 */
public final class BaselineStreamsApp {

    /** Printed on stdout when the instance is RUNNING (again). */
    public static final String RUNNING = "BASELINE RUNNING";

    private BaselineStreamsApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> values = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                System.err.println("expected key=value, got '" + arg + "'. Settings:\n" + BaselineConfig.describe());
                System.exit(2);
            }
            values.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        BaselineConfig config = new BaselineConfig(values);
        SchemaRegistryClient registry = SchemaRegistryClient.forUrl(config.getString(BaselineConfig.SCHEMA_REGISTRY_URL));
        KafkaStreams streams = new KafkaStreams(topology(config, registry), properties(config));
        String instance = config.getString(BaselineConfig.INSTANCE_ID);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                System.out.println(RUNNING + " " + instance);
            }
        });
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            streams.close();
            registry.close();
            stopped.countDown();
        }, "baseline-shutdown"));
        streams.start();
        stopped.await();
    }

    static Topology topology(BaselineConfig config, SchemaRegistryClient registry) {
        AvroSerde<TrafficPacket> packets = AvroSerde.forValues(TrafficPacket.class, registry);
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(FlowCounter.STORE),
                Serdes.String(), Serdes.Long()));
        String instance = config.getString(BaselineConfig.INSTANCE_ID);
        builder.stream(config.getString(BaselineConfig.INPUT_TOPIC), Consumed.with(Serdes.String(), packets))
                .process(() -> new FlowCounter(instance), FlowCounter.STORE)
                .to(config.getString(BaselineConfig.OUTPUT_TOPIC), Produced.with(Serdes.String(), packets));
        return builder.build();
    }

    static Properties properties(BaselineConfig config) {
        // the same exactly-once properties as a node's, so that the comparison is of standby against hot standby
        Properties props = ExactlyOnceStreams.properties(config.getString(BaselineConfig.APPLICATION_ID),
                config.getLong(BaselineConfig.COMMIT_INTERVAL_MS), config.getInt(BaselineConfig.PRODUCER_LINGER_MS));
        props.put(StreamsConfig.CLIENT_ID_CONFIG, config.getString(BaselineConfig.APPLICATION_ID) + "-"
                + config.getString(BaselineConfig.INSTANCE_ID));
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.getString(BaselineConfig.BOOTSTRAP_SERVERS));
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.getInt(BaselineConfig.STANDBY_REPLICAS));
        props.put(StreamsConfig.STATE_DIR_CONFIG, Path.of(config.getString(BaselineConfig.STATE_DIR)).toAbsolutePath().toString());
        String protocol = config.getString(BaselineConfig.GROUP_PROTOCOL);
        if (!protocol.isBlank()) {
            props.put(StreamsConfig.GROUP_PROTOCOL_CONFIG, protocol);
        }
        putIfSet(props, StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
                config.getInt(BaselineConfig.SESSION_TIMEOUT_MS));
        putIfSet(props, StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG),
                config.getInt(BaselineConfig.HEARTBEAT_INTERVAL_MS));
        putIfSet(props, StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG),
                config.getInt(BaselineConfig.TRANSACTION_TIMEOUT_MS));
        return props;
    }

    private static void putIfSet(Properties props, String key, int value) {
        if (value >= 0) {
            props.put(key, value);
        }
    }
}
