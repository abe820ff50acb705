/**
 * A JUnit 5 extension that gives tests a running Kafka broker and schema registry, started once
 * per test JVM and shared by every test class that asks:
 *
 * <pre>{@code
 * @ExtendWith(UnderstudyStackExtension.class)
 * class MyIT {
 *     @Test
 *     void roundTrip(StackEndpoints stack) { ... stack.bootstrapServers() ... }
 * }
 * }</pre>
 *
 * Which stack is used is decided by {@link io.understudy.stack.junit.TestStackPlan} from the
 * environment: an existing cluster, a Testcontainers broker, or (default) the embedded one.
 */
package io.understudy.stack.junit;
