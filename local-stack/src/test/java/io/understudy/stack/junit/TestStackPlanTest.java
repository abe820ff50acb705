package io.understudy.stack.junit;

import io.understudy.stack.junit.TestStackPlan.Kind;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TestStackPlanTest {

    private static final String BOOTSTRAP = TestStackPlan.BOOTSTRAP_SERVERS_ENV;
    private static final String REGISTRY = TestStackPlan.SCHEMA_REGISTRY_URL_ENV;
    private static final String KIND = TestStackPlan.STACK_KIND_ENV;

    @Test
    void embeddedByDefault() {
        TestStackPlan plan = TestStackPlan.from(Map.of(), () -> true);
        assertEquals(new TestStackPlan(Kind.EMBEDDED, Optional.empty(), Optional.empty(), Optional.empty()), plan);
    }

    @Test
    void anExternalClusterWinsAndDockerIsNotAsked() {
        AtomicInteger dockerChecks = new AtomicInteger();
        TestStackPlan plan = TestStackPlan.from(Map.of(BOOTSTRAP, "kafka:9092", REGISTRY, "http://registry:8081", KIND, "testcontainers"),
                () -> dockerChecks.incrementAndGet() > 0);
        assertEquals(new TestStackPlan(Kind.EXTERNAL, Optional.of("kafka:9092"), Optional.of("http://registry:8081"), Optional.empty()), plan);
        assertEquals(0, dockerChecks.get());
    }

    @Test
    void anExternalClusterWithoutRegistryGetsALocalRegistry() {
        TestStackPlan plan = TestStackPlan.from(Map.of(BOOTSTRAP, "kafka:9092", REGISTRY, "  "), () -> false);
        assertEquals(Kind.EXTERNAL, plan.kind());
        assertEquals(Optional.empty(), plan.schemaRegistryUrl());
    }

    @Test
    void testcontainersWhenDockerAnswers() {
        TestStackPlan plan = TestStackPlan.from(Map.of(KIND, "TestContainers"), () -> true);
        assertEquals(new TestStackPlan(Kind.TESTCONTAINERS, Optional.empty(), Optional.empty(), Optional.empty()), plan);
    }

    @Test
    void embeddedWithAWarningWhenDockerIsMissing() {
        TestStackPlan plan = TestStackPlan.from(Map.of(KIND, "testcontainers", REGISTRY, "http://r:1"), () -> false);
        assertEquals(Kind.EMBEDDED, plan.kind());
        assertEquals(Optional.of("http://r:1"), plan.schemaRegistryUrl());
        assertTrue(plan.warning().orElseThrow().contains("Docker is not available"), plan.warning().orElseThrow());
    }

    @Test
    void anUnknownKindIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TestStackPlan.from(Map.of(KIND, "podman"), () -> true));
        assertEquals(KIND + "=podman is not a test stack: use 'embedded' (the default) or 'testcontainers'", e.getMessage());
    }

    @Test
    void theDockerCheckAnswersWithoutDocker() {
        // the build machines have no Docker engine: the check must answer rather than throw
        assertDoesNotThrow(TestcontainersKafka::dockerAvailable);
    }
}
