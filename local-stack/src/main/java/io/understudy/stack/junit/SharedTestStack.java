package io.understudy.stack.junit;

import io.understudy.stack.LocalStack;
import io.understudy.stack.LocalStackOptions;
import io.understudy.stack.StackEndpoints;
import io.understudy.stack.kafka.BrokerOptions;
import io.understudy.stack.kafka.EmbeddedKafkaBroker;
import io.understudy.stack.registry.ApicurioRegistryProcess;
import io.understudy.stack.registry.RegistryOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The stack one test JVM shares, started from a {@link TestStackPlan}. Kept in JUnit's root
 * store, which closes it (it is {@link AutoCloseable}) when the test run ends.
 */
final class SharedTestStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SharedTestStack.class);

    private final StackEndpoints endpoints;
    private final List<AutoCloseable> started; // in start order; closed in reverse

    private SharedTestStack(StackEndpoints endpoints, List<AutoCloseable> started) {
        this.endpoints = endpoints;
        this.started = started;
    }

    static SharedTestStack start(TestStackPlan plan) {
        plan.warning().ifPresent(log::warn);
        List<AutoCloseable> started = new ArrayList<>();
        try {
            switch (plan.kind()) {
                case EMBEDDED -> {
                    if (plan.schemaRegistryUrl().isPresent()) {
                        String bootstrap = startEmbeddedBrokerOnly(started);
                        return new SharedTestStack(new StackEndpoints(bootstrap, plan.schemaRegistryUrl().get()), started);
                    }
                    LocalStack stack = LocalStack.start(LocalStackOptions.defaults());
                    started.add(stack);
                    return new SharedTestStack(stack.endpoints(), started);
                }
                case TESTCONTAINERS -> {
                    TestcontainersKafka kafka = TestcontainersKafka.start();
                    started.add(kafka);
                    String registry;
                    if (plan.schemaRegistryUrl().isPresent()) {
                        registry = plan.schemaRegistryUrl().get();
                    } else {
                        TestcontainersRegistry container = TestcontainersRegistry.start();
                        started.add(container);
                        registry = container.url();
                    }
                    return new SharedTestStack(new StackEndpoints(kafka.bootstrapServers(), registry), started);
                }
                case EXTERNAL -> {
                    String bootstrap = plan.bootstrapServers().orElseThrow();
                    log.info("tests use the Kafka cluster at {}", bootstrap);
                    return new SharedTestStack(new StackEndpoints(bootstrap, registryUrl(plan, started)), started);
                }
                default -> throw new IllegalStateException("unknown stack kind " + plan.kind());
            }
        } catch (RuntimeException e) {
            closeAll(started);
            throw e;
        }
    }

    StackEndpoints endpoints() {
        return endpoints;
    }

    @Override
    public void close() {
        closeAll(started);
    }

    private static String startEmbeddedBrokerOnly(List<AutoCloseable> started) {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerOptions.defaults());
        started.add(broker);
        return broker.bootstrapServers();
    }

    /** The external registry if one is configured, else a local one started now. */
    private static String registryUrl(TestStackPlan plan, List<AutoCloseable> started) {
        if (plan.schemaRegistryUrl().isPresent()) {
            return plan.schemaRegistryUrl().get();
        }
        ApicurioRegistryProcess registry = ApicurioRegistryProcess.start(RegistryOptions.defaults());
        started.add(registry);
        return registry.url();
    }

    private static void closeAll(List<AutoCloseable> started) {
        List<AutoCloseable> reversed = new ArrayList<>(started);
        Collections.reverse(reversed);
        for (AutoCloseable closeable : reversed) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.warn("could not stop {} cleanly", closeable, e);
            }
        }
        started.clear();
    }
}
