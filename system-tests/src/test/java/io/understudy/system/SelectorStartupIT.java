package io.understudy.system;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.harness.Deployment;
import io.understudy.stack.StackEndpoints;
import io.understudy.stack.junit.UnderstudyStackExtension;
import io.understudy.stack.kafka.BrokerOptions;
import io.understudy.stack.kafka.BrokerProcess;
import io.understudy.stack.process.LaunchedProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A selector that starts while the broker does not answer waits for it, as a node does, instead of
 * exiting: on a busy machine (four node instances, the bridge and the selector starting beside an
 * in-process broker on two cores) the broker missed the selector's 15 s deadline for describing
 * its topics, the selector exited at start ("Kafka ... is unreachable"), and no partition ever had
 * a leader. Here the broker, a process of its own, is frozen (SIGSTOP) while the selector starts,
 * until the selector has met a time-out; then it is resumed and the selector must come up and own
 * its shard.
 */
@ExtendWith(UnderstudyStackExtension.class)
class SelectorStartupIT {

    @Test
    void aSelectorStartingWhileTheBrokerDoesNotAnswerWaitsForIt(StackEndpoints shared) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "selector-startup-it").toAbsolutePath()
                .resolve("run-" + System.currentTimeMillis()));
        try (BrokerProcess broker = BrokerProcess.start(BrokerOptions.defaults().withDataDir(dir.resolve("kafka")));
             Deployment deployment = Deployment.onCluster(new StackEndpoints(broker.bootstrapServers(),
                     shared.schemaRegistryUrl()), null, dir, 1, List.of("a", "b"), "passthrough", Map.of())) {
            long brokerPid = broker.process().pid();
            FaultScenario.signal(brokerPid, "STOP");
            try {
                deployment.startSelector("a");
                LaunchedProcess selector = deployment.selector();
                // its first attempt times out (15 s) while the broker is frozen: either it retries, or it exits
                Optional<String> timedOut = selector.awaitLogLine(line -> line.contains("did not answer in time")
                        || line.contains("is unreachable"), Duration.ofSeconds(120));
                assertTrue(timedOut.isPresent(), "the selector met no time-out: " + selector.logTail(20));
                assertTrue(timedOut.get().contains("trying again"), "the selector gave up at its first time-out: "
                        + timedOut.get());
            } finally {
                FaultScenario.signal(brokerPid, "CONT");
            }
            assertNotNull(deployment.activeSelector(Duration.ofSeconds(120)), "the selector owns no shard once the"
                    + " broker answers: " + deployment.selector().logTail(20));
            assertTrue(deployment.selector().isAlive(), deployment.selector().logTail(20));
        }
    }
}
