package io.understudy.system.status;

import static io.understudy.system.SystemWaits.await;
import static io.understudy.system.SystemWaits.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.understudy.bridge.IngressBridge;
import io.understudy.bridge.client.HttpBridgeClient;
import io.understudy.bridge.config.BridgeConfig;
import io.understudy.cli.CommandRun;
import io.understudy.node.NodeConfig;
import io.understudy.node.UnderstudyNode;
import io.understudy.schemas.topics.TopicNames;
import io.understudy.schemas.topics.TopicProvisioner;
import io.understudy.selector.EgressSelector;
import io.understudy.selector.SelectorConfig;
import io.understudy.stack.StackEndpoints;
import io.understudy.stack.junit.UnderstudyStackExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Observability of a whole deployment in this JVM, on the real broker and registry: the bridge,
 * node a (the initial primary), node b (a backup synchronized by a while traffic flows) and the
 * selector, each with its observability endpoint on a free port. Node a is stopped (its heartbeats
 * end), the selector fails over to b, and then:
 *
 * <ul>
 *   <li>the selector's status page, in headless Chromium (Debian's chromium and chromium-driver),
 *       shows b leading every partition under epoch 2 and the LEADER_FAILED rows (screenshot in
 *       {@code target/status-page.png});</li>
 *   <li>{@code /metrics} of the selector, node b and the bridge carry the failovers, epochs, sync
 *       states, record counts and the Kafka Streams metrics; {@code /health/ready} answers 200;</li>
 *   <li>{@code understudy status} prints the same from the topics.</li>
 * </ul>
 *
 * <p>Without chromium this test is skipped with a loud message, except where the environment
 * variable {@code CI} is set: there it fails.
 */
@ExtendWith(UnderstudyStackExtension.class)
class StatusPageIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final int PARTITIONS = 2;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theStatusPageMetricsAndStatusCommandShowAFailover(StackEndpoints stack) throws Exception {
        requireChromium();
        TopicNames topics = new TopicNames("obs.");
        try (TopicProvisioner provisioner = TopicProvisioner.forCluster(stack.bootstrapServers())) {
            provisioner.ensureTopics(topics, PARTITIONS, (short) 1, List.of("a", "b"));
        }
        Path dir = Files.createDirectories(Path.of("target", "status-page-it", "run-" + System.currentTimeMillis()))
                .toAbsolutePath();
        Map<String, Object> common = new HashMap<>(Map.of("bootstrap.servers", stack.bootstrapServers(),
                "schema.registry.url", stack.schemaRegistryUrl(), "topic.prefix", topics.prefix(),
                "state.dir", dir.resolve("state").toString(), "metrics.port", "0"));

        Map<String, Object> bridgeSettings = new HashMap<>(common);
        bridgeSettings.remove("state.dir");
        bridgeSettings.put("tcp.port", "-1");
        bridgeSettings.put("http.port", "0");
        // a loaded broker may take seconds to acknowledge: wait for it rather than answer 503 (and count every packet once)
        bridgeSettings.put("http.ack.timeout.ms", "60000");
        bridgeSettings.put("producer.delivery.timeout.ms", "60000");
        Map<String, Object> selectorSettings = new HashMap<>(common);
        selectorSettings.remove("state.dir");
        selectorSettings.put("initial.primary", "a");
        // generous: on a loaded machine late heartbeats would otherwise move leadership before the test does
        selectorSettings.put("failure.timeout.ms", "4000");
        selectorSettings.put("stall.timeout.ms", "600000");

        UnderstudyNode a = UnderstudyNode.start(new NodeConfig(node(common, "a", true)));
        boolean aClosed = false;
        try (EgressSelector selector = EgressSelector.start(new SelectorConfig(selectorSettings));
             IngressBridge bridge = IngressBridge.start(new BridgeConfig(bridgeSettings))) {
            String page = selector.observabilityUrl().orElseThrow();
            HttpBridgeClient client = HttpBridgeClient.forPort(bridge.ports().http());
            await("the bridge reaches Kafka", Duration.ofSeconds(120), () -> get(bridge.observabilityUrl().orElseThrow()
                    + "/health/ready").statusCode() == 200);
            send(client, 0, 200);
            await("a leads every partition and egress flows", Duration.ofSeconds(180), () -> {
                JsonNode status = status(page);
                return status.get("partitions").size() == PARTITIONS && every(status, p -> "a".equals(p.get("leader").asText())
                        && p.get("watermark").asLong() >= 0);
            });

            try (UnderstudyNode b = UnderstudyNode.start(new NodeConfig(node(common, "b", false)))) {
                await("b is synchronized on every partition", Duration.ofSeconds(180), () -> every(status(page),
                        p -> replica(p, "b").map(r -> "SYNCHRONIZED".equals(r.get("syncState").asText())).orElse(false)));
                send(client, 200, 100);

                a.close(); // its heartbeats stop: after the failure timeout the selector moves leadership to b
                aClosed = true;
                await("b leads every partition", Duration.ofSeconds(90), () -> every(status(page),
                        p -> "b".equals(p.get("leader").asText()) && p.get("epoch").asInt() >= 2));
                send(client, 300, 100);
                Map<Integer, Integer> epochs = new HashMap<>();
                status(page).get("partitions").forEach(p -> epochs.put(p.get("partition").asInt(), p.get("epoch").asInt()));

                checkPage(page, dir, epochs);
                checkMetrics(selector, b, bridge);
                checkStatusCommand(stack, topics, epochs);
            }
        } finally {
            if (!aClosed) {
                a.close();
            }
        }
    }

    // ---- the page -----------------------------------------------------------------------------

    private void checkPage(String page, Path dir, Map<Integer, Integer> epochs) throws Exception {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString()); // never Selenium Manager
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1000",
                "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        WebDriver browser = new ChromeDriver(service, options);
        try {
            browser.get(page + "/");
            // the page redraws its tables every second: every check looks again until it holds (or 30 s pass)
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            wait.ignoring(StaleElementReferenceException.class);
            for (int p = 0; p < PARTITIONS; p++) {
                By row = By.id("partition-" + p);
                String expectedEpoch = Integer.toString(epochs.get(p));
                wait.withMessage("partition " + p + " shows leader b, epoch " + expectedEpoch + ", b synchronized")
                        .until(d -> {
                            WebElement partition = d.findElement(row);
                            return "b".equals(partition.findElement(By.className("leader")).getText())
                                    && expectedEpoch.equals(partition.findElement(By.className("epoch")).getText())
                                    && partition.findElement(By.className("replicas")).getText().contains("b★ SYNCHRONIZED");
                        });
            }
            By failovers = By.cssSelector("#decisions tr.decision[data-reason='LEADER_FAILED']");
            wait.withMessage("a LEADER_FAILED row per partition, from a to b").until(d -> {
                List<WebElement> rows = d.findElements(failovers);
                return rows.size() >= PARTITIONS && rows.get(0).getText()
                        .matches("(?s).*\\b\\d+ a b LEADER_FAILED .*no heartbeat from a.*");
            });
            wait.withMessage("node b is alive").until(d -> d.findElement(By.id("node-b")).getText().contains("alive"));
            wait.withMessage("the egress rate chart is drawn")
                    .until(d -> d.findElement(By.id("rate")).findElements(By.tagName("polyline")).size() == 1);
            Path shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE).toPath();
            Path target = Path.of("target", "status-page.png").toAbsolutePath();
            Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
            System.out.println("status page screenshot: " + target);
        } finally {
            browser.quit();
        }
    }

    /** Chromium and its driver are needed; outside CI their absence skips the test, loudly. */
    private static void requireChromium() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (present) {
            return;
        }
        String message = "StatusPageIT needs " + CHROMIUM + " and " + CHROMEDRIVER
                + " (apt-get install -y chromium chromium-driver)";
        if (System.getenv("CI") != null) {
            fail(message + ": missing, and CI is set");
        }
        System.err.println("\n**********\nSKIPPED: " + message + "; install them to run it\n**********\n");
        Assumptions.abort(message);
    }

    // ---- metrics, health, status ----------------------------------------------------------------

    private void checkMetrics(EgressSelector selector, UnderstudyNode b, IngressBridge bridge) throws Exception {
        String selectorUrl = selector.observabilityUrl().orElseThrow();
        assertEquals(200, get(selectorUrl + "/health/ready").statusCode());
        String metrics = get(selectorUrl + "/metrics").body();
        assertTrue(sample(metrics, "understudy_selector_failovers_total", "reason=\"LEADER_FAILED\"") >= PARTITIONS, metrics);
        for (int p = 0; p < PARTITIONS; p++) {
            assertTrue(sample(metrics, "understudy_selector_leader_epoch", "partition=\"" + p + "\"") >= 2, metrics);
            assertEquals(1, sample(metrics, "understudy_selector_leader", "node=\"b\",partition=\"" + p + "\""), 0.0);
            assertEquals(2, sample(metrics, "understudy_selector_node_sync_state", "node=\"b\",partition=\"" + p + "\""), 0.0);
            assertTrue(sample(metrics, "understudy_selector_egress_gap_seconds_count", "partition=\"" + p + "\"") > 0, metrics);
        }
        await("the selector counted 400 egress records", Duration.ofSeconds(60), () -> sample(get(selectorUrl + "/metrics")
                .body(), "understudy_selector_records_out_total", "role=\"selector\"") >= 400);
        assertTrue(metrics.contains("kafka_consumer_"), "the heartbeat reader's Kafka client metrics are bound");
        assertTrue(metrics.contains("kafka_producer_"), "the heartbeat producer's Kafka client metrics are bound");
        assertEquals(1, sample(metrics, "understudy_selector_takeovers_total", "cause=\"unowned\""), 0.0);
        for (int p = 0; p < PARTITIONS; p++) {
            assertEquals(1, sample(metrics, "understudy_selector_owner", "owner=\"1\",partition=\"" + p + "\""), 0.0);
        }
        assertTrue(metrics.contains("jvm_memory_used_bytes"), "JVM metrics are bound");

        String nodeUrl = b.observabilityUrl().orElseThrow();
        assertEquals(200, get(nodeUrl + "/health/ready").statusCode());
        String node = get(nodeUrl + "/metrics").body();
        assertTrue(sample(node, "understudy_node_records_out_total", "instance=\"b\"") > 0, node);
        for (int p = 0; p < PARTITIONS; p++) {
            assertEquals(2, sample(node, "understudy_node_sync_state", "partition=\"" + p + "\""), 0.0);
            assertEquals(1, sample(node, "understudy_node_leader", "partition=\"" + p + "\""), 0.0);
        }
        assertTrue(node.contains("kafka_producer_"), "the heartbeat producer's metrics are bound");

        String bridgeUrl = bridge.observabilityUrl().orElseThrow();
        String bridgeMetrics = get(bridgeUrl + "/metrics").body();
        assertEquals(400, sample(bridgeMetrics, "understudy_bridge_records_out_total", "role=\"bridge\""), 0.0);
        assertEquals(0, sample(bridgeMetrics, "understudy_bridge_dropped_total", "reason=\"UNAUTHENTICATED\""), 0.0);
    }

    private void checkStatusCommand(StackEndpoints stack, TopicNames topics, Map<Integer, Integer> epochs) {
        CommandRun run = CommandRun.of("status", "--bootstrap-servers", stack.bootstrapServers(), "--schema-registry-url",
                stack.schemaRegistryUrl(), "--topic-prefix", topics.prefix());
        System.out.println("understudy status:\n" + run.out());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        for (int p = 0; p < PARTITIONS; p++) {
            int epoch = epochs.get(p);
            Matcher row = Pattern.compile("(?m)^" + p + " +b( \\(silent\\))? +" + epoch + " +(\\d+) +a \\S+ lag \\S+.* +epoch "
                    + epoch + " LEADER_FAILED a -> b at ")
                    .matcher(run.out());
            assertTrue(row.find(), "partition " + p + " row:\n" + run.out());
        }
        assertTrue(Pattern.compile("(?m)^a +\\S+ (ms|s) ago \\(silent\\)").matcher(run.out()).find(), run.out());
        assertTrue(Pattern.compile("(?m)^b +.* ago +p0 SYNCHRONIZED @\\d+, p1 SYNCHRONIZED @\\d+$").matcher(run.out()).find(),
                run.out());
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static Map<String, Object> node(Map<String, Object> common, String id, boolean primary) {
        Map<String, Object> settings = new HashMap<>(common);
        settings.put("node.id", id);
        settings.put("start.synchronized", Boolean.toString(primary));
        settings.put("sync.probe.interval.ms", "0");
        return settings;
    }

    private static void send(HttpBridgeClient client, int from, int count) throws Exception {
        for (int i = from; i < from + count; i++) {
            HttpBridgeClient.Response response = client.post("flow-" + (i % 8), ("packet-" + i).getBytes(StandardCharsets.UTF_8));
            assertEquals(202, response.status(), response.body());
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode status(String page) throws Exception {
        HttpResponse<String> response = get(page + "/api/status");
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static boolean every(JsonNode status, Predicate<JsonNode> test) {
        JsonNode partitions = status.get("partitions");
        if (partitions.size() != PARTITIONS) {
            return false;
        }
        for (JsonNode partition : partitions) {
            if (!test.test(partition)) {
                return false;
            }
        }
        return true;
    }

    private static java.util.Optional<JsonNode> replica(JsonNode partition, String node) {
        for (JsonNode replica : partition.get("nodes")) {
            if (node.equals(replica.get("node").asText())) {
                return java.util.Optional.of(replica);
            }
        }
        return java.util.Optional.empty();
    }

}
