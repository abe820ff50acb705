package io.understudy.cli.shaded;

import io.understudy.cli.local.LocalCommand;
import io.understudy.stack.process.JavaProcessLauncher;
import io.understudy.stack.process.LaunchedProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code java -jar understudy.jar local} from the shaded jar: comes up with its topics and schemas,
 * logs through log4j2 (the SLF4J provider and the configuration survived shading), and stops
 * cleanly on SIGTERM, deleting the data it created.
 */
class ShadedJarTest {

    private static final Path JAR = Path.of("target", "understudy.jar");
    private static final Pattern TOPIC_LINE = Pattern.compile("^ {27}(shaded\\.\\S+)$", Pattern.MULTILINE);

    @Test
    void localComesUpLogsAndStopsCleanly(@TempDir Path temp) throws Exception {
        assertTrue(Files.isRegularFile(JAR), JAR.toAbsolutePath() + " is missing: this test runs after `package`");
        Path dataDir = temp.resolve("data");
        LaunchedProcess cli = JavaProcessLauncher.executableJar(JAR)
                .withArgs("local", "--broker-port", "0", "--registry-port", "0", "--partitions", "2", "--prefix", "shaded.",
                        "--nodes", "x", "--data-dir", dataDir.toString())
                .withLogFile(temp.resolve("cli.log"))
                .start();
        try {
            boolean ready = cli.awaitLogLine(LocalCommand.READY_LINE::equals, Duration.ofMinutes(3)).isPresent();
            assertTrue(ready, "understudy local did not come up:\n" + cli.logTail(40));
            String output = Files.readString(cli.logFile());

            // log4j2.xml from the jar: io.understudy at INFO, in its pattern
            assertTrue(output.contains(" INFO  LocalStack - local stack ready in "), output);

            String bootstrap = field(output, "Kafka bootstrap servers");
            String registry = field(output, "Schema registry");
            Set<String> printedTopics = TOPIC_LINE.matcher(output).results().map(m -> m.group(1)).collect(Collectors.toSet());
            assertTrue(printedTopics.containsAll(Set.of("shaded.ingress", "shaded.node.x.out", "shaded.egress")), printedTopics.toString());

            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
                assertEquals(printedTopics, topics.stream().filter(t -> t.startsWith("shaded.")).collect(Collectors.toSet()));
                TopicDescription ingress = admin.describeTopics(List.of("shaded.ingress")).allTopicNames().get(30, TimeUnit.SECONDS)
                        .get("shaded.ingress");
                assertEquals(2, ingress.partitions().size());
            }
            HttpResponse<String> subjects = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(registry + "/subjects")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, subjects.statusCode());
            assertTrue(subjects.body().contains("\"shaded.ingress-value\""), subjects.body());

            assertEquals(128 + 15, cli.stop(Duration.ofSeconds(60)));
            String afterStop = Files.readString(cli.logFile());
            assertTrue(afterStop.contains("Stopping...") && afterStop.contains("Stopped in "), afterStop);
            assertFalse(Files.exists(dataDir), "the data directory this run created is deleted on exit");
        } finally {
            cli.close();
        }
    }

    private static String field(String output, String label) {
        Matcher matcher = Pattern.compile("^  " + Pattern.quote(label) + " +(\\S+)$", Pattern.MULTILINE).matcher(output);
        assertTrue(matcher.find(), label + " not printed:\n" + output);
        return matcher.group(1);
    }
}
