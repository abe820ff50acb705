package io.understudy.stack.junit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

import java.time.Duration;

/**
 * The schema registry in a container, next to {@link TestcontainersKafka}: with
 * {@code UNDERSTUDY_TEST_STACK=testcontainers} the tests need no JVM of the build's own besides
 * themselves, as on a machine where the stack is whatever Docker runs. The image is the one the
 * compose deployment uses (compose/images/build.sh builds it where no image registry is reachable).
 * Only touched when Testcontainers is on the class path (it is an optional dependency).
 */
final class TestcontainersRegistry implements AutoCloseable {

    /** The image matching the registry version the project runs (apicurio.version). */
    static final String IMAGE = "apicurio/apicurio-registry:3.0.9";

    private static final int PORT = 8080;
    private static final String CONFLUENT_API_PATH = "/apis/ccompat/v7";

    private static final Logger log = LoggerFactory.getLogger(TestcontainersRegistry.class);

    private final GenericContainer<?> container;

    private TestcontainersRegistry(GenericContainer<?> container) {
        this.container = container;
    }

    @SuppressWarnings("resource") // closed by close()
    static TestcontainersRegistry start() {
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(IMAGE))
                .withExposedPorts(PORT)
                .waitingFor(Wait.forHttp("/health/ready").forPort(PORT).forStatusCode(200)
                        .withStartupTimeout(Duration.ofMinutes(3)));
        container.start();
        TestcontainersRegistry registry = new TestcontainersRegistry(container);
        log.info("schema registry container {} ready at {}", IMAGE, registry.url());
        return registry;
    }

    /** Base URL of the Confluent-compatible API, as the tests' clients take it. */
    String url() {
        return "http://" + container.getHost() + ":" + container.getMappedPort(PORT) + CONFLUENT_API_PATH;
    }

    @Override
    public void close() {
        container.stop();
    }
}
