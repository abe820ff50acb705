package io.understudy.stack.junit;

import io.understudy.stack.kafka.BrokerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

import java.util.Locale;

/**
 * A Kafka broker in a container, with the same behaviour settings as the embedded one. Only
 * touched when Testcontainers is on the class path (it is an optional dependency).
 */
final class TestcontainersKafka implements AutoCloseable {

    /** The image matching the Kafka version the project builds against. */
    static final String IMAGE = "apache/kafka:4.1.2";

    private static final Logger log = LoggerFactory.getLogger(TestcontainersKafka.class);

    private final KafkaContainer container;

    private TestcontainersKafka(KafkaContainer container) {
        this.container = container;
    }

    /** True if Testcontainers is on the class path and a Docker engine answers. */
    static boolean dockerAvailable() {
        try {
            Class.forName("org.testcontainers.DockerClientFactory", false, TestcontainersKafka.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return false;
        }
        return DockerClientFactory.instance().isDockerAvailable();
    }

    @SuppressWarnings("resource") // closed by close()
    static TestcontainersKafka start() {
        KafkaContainer container = new KafkaContainer(IMAGE);
        // the image reads broker properties from KAFKA_* variables: a.b.c -> KAFKA_A_B_C
        BrokerSettings.BEHAVIOUR.forEach(setting ->
                container.withEnv("KAFKA_" + setting.key().toUpperCase(Locale.ROOT).replace('.', '_'), setting.value()));
        container.start();
        log.info("Kafka container {} ready at {}", IMAGE, container.getBootstrapServers());
        return new TestcontainersKafka(container);
    }

    String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public void close() {
        container.stop();
    }
}
