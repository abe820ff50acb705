package io.understudy.cli.selector;

import io.understudy.cli.options.ClusterOptions;
import io.understudy.cli.options.Role;
import io.understudy.config.LayeredSettings;
import io.understudy.selector.EgressSelector;
import io.understudy.selector.SelectorConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code understudy selector}: runs the egress selector until it is stopped. */
@Command(name = "selector",
        description = "Runs the egress selector: forwards only the leader's outputs to the egress topic and fails over"
                + " to a synchronized backup when the leader dies or stalls. Stops on SIGTERM or Ctrl-C.")
public final class SelectorCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--primary", description = "The node that leads every partition of a fresh deployment.")
    String primary;

    @Option(names = "--failure-timeout-ms", description = "Leader heartbeat silence that counts as failure (default 300).")
    Long failureTimeoutMs;

    @Option(names = "--instance-id", description = "This selector instance's id, when several run (default 1).")
    String instanceId;

    @Option(names = "--state-dir", description = "Directory for local state (default: .understudy/state).")
    Path stateDir;

    @Override
    public Integer call() throws Exception {
        LayeredSettings settings = cluster.settings(Role.SELECTOR);
        settings.putIfSet(SelectorConfig.INITIAL_PRIMARY, primary, "--primary");
        settings.putIfSet(SelectorConfig.FAILURE_TIMEOUT_MS, failureTimeoutMs, "--failure-timeout-ms");
        settings.putIfSet(SelectorConfig.INSTANCE_ID, instanceId, "--instance-id");
        settings.putIfSet(SelectorConfig.STATE_DIR, stateDir == null ? null : stateDir.toString(), "--state-dir");
        EgressSelector selector = EgressSelector.start(new SelectorConfig(settings.values()));
        Runtime.getRuntime().addShutdownHook(new Thread(selector::close, "understudy-selector-shutdown"));
        System.out.println("selector running; Ctrl-C to stop");
        selector.observabilityUrl().ifPresent(url -> System.out.println("status page " + url + "/ (JSON: " + url
                + "/api/status), metrics " + url + "/metrics, health " + url + "/health/ready"));
        while (!selector.awaitStop(Duration.ofSeconds(1))) {
            // the shutdown hook closes the selector; a fatal stream error ends the wait too
        }
        return selector.state() == KafkaStreams.State.ERROR ? 1 : 0;
    }
}
