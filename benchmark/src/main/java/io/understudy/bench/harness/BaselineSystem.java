package io.understudy.bench.harness;

import io.understudy.bench.baseline.BaselineConfig;
import io.understudy.bench.baseline.BaselineStreamsApp;
import io.understudy.records.TrafficPacket;
import io.understudy.schemas.registry.SchemaRegistryClient;
import io.understudy.stack.process.JavaProcessLauncher;
import io.understudy.stack.process.LaunchedProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/** The Kafka Streams baseline: one or two {@link BaselineStreamsApp} processes in one application. */
public final class BaselineSystem implements SystemUnderTest {

    private final BaselineProfile profile;
    private final String bootstrapServers;
    private final String registryUrl;
    private final SchemaRegistryClient registry;
    private final int partitions;
    private final Path workDir;
    private final Map<String, String> settings;
    private final Map<String, LaunchedProcess> instances = new LinkedHashMap<>();

    public BaselineSystem(BaselineProfile profile, String bootstrapServers, String registryUrl, int partitions,
                          Path workDir, int minSessionTimeoutMs) {
        this.profile = profile;
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
        this.registry = SchemaRegistryClient.forUrl(registryUrl);
        this.partitions = partitions;
        this.workDir = workDir.resolve(profile.key()).toAbsolutePath();
        this.settings = profile.settings(minSessionTimeoutMs);
    }

    @Override
    public String key() {
        return profile.key();
    }

    @Override
    public String title() {
        return profile.title();
    }

    @Override
    public String settings() {
        Map<String, String> shown = new LinkedHashMap<>();
        shown.put("processing.guarantee", "exactly_once_v2");
        shown.put("store", "in-memory, changelogged");
        shown.put(BaselineConfig.COMMIT_INTERVAL_MS, "20");
        shown.putAll(settings);
        return shown.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    @Override
    public String ingressTopic() {
        return "bench." + profile.key() + ".in";
    }

    @Override
    public String egressTopic() {
        return "bench." + profile.key() + ".out";
    }

    @Override
    public EgressDecoder egressDecoder() {
        return EgressDecoder.trafficPackets(registry);
    }

    @Override
    public boolean hasStandby() {
        return profile.instances() > 1;
    }

    @Override
    public void start(Duration timeout) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(ingressTopic(), partitions, (short) 1),
                    new NewTopic(egressTopic(), partitions, (short) 1))).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create the topics of " + key() + ": " + e.getCause().getMessage(), e);
        }
        java.nio.file.Files.createDirectories(workDir);
        registry.register(ingressTopic() + "-value", TrafficPacket.getClassSchema());
        registry.register(egressTopic() + "-value", TrafficPacket.getClassSchema());
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= profile.instances(); i++) {
            String name = "streams-" + i;
            names.add(name);
            List<String> args = new ArrayList<>(List.of(
                    BaselineConfig.APPLICATION_ID + "=bench-" + profile.key(),
                    BaselineConfig.INSTANCE_ID + "=" + name,
                    BaselineConfig.BOOTSTRAP_SERVERS + "=" + bootstrapServers,
                    BaselineConfig.SCHEMA_REGISTRY_URL + "=" + registryUrl,
                    BaselineConfig.INPUT_TOPIC + "=" + ingressTopic(),
                    BaselineConfig.OUTPUT_TOPIC + "=" + egressTopic(),
                    BaselineConfig.STATE_DIR + "=" + workDir.resolve("state-" + name).toAbsolutePath()));
            settings.forEach((k, v) -> args.add(k + "=" + v));
            // started together, so that the first assignment already has an active and a standby per task
            instances.put(name, JavaProcessLauncher.mainClass(BaselineStreamsApp.class.getName())
                    .withJvmArgs("-Xmx512m", "-XX:+UseSerialGC")
                    .withWorkingDir(workDir)
                    .withLogFile(workDir.resolve("logs").resolve(name + ".log"))
                    .withArgs(args)
                    .start());
        }
        for (String name : names) {
            LaunchedProcess process = instances.get(name);
            if (process.awaitLogLine(line -> line.startsWith(BaselineStreamsApp.RUNNING), timeout).isEmpty()) {
                throw new IllegalStateException(name + " of " + key() + " did not reach RUNNING; its log ends with:\n"
                        + process.logTail(30));
            }
        }
    }

    @Override
    public Map<String, Long> processes() {
        Map<String, Long> pids = new LinkedHashMap<>();
        instances.forEach((name, process) -> {
            if (process.isAlive()) {
                pids.put(name, process.pid());
            }
        });
        return pids;
    }

    @Override
    public String processOf(String producer) {
        return producer; // the instance id is the process name
    }

    @Override
    public void kill9(String process) {
        instances.get(process).kill9();
    }

    @Override
    public void close() {
        for (LaunchedProcess process : instances.values()) {
            if (process.isAlive()) {
                process.stop(Duration.ofSeconds(5));
            }
        }
        registry.close();
    }
}
