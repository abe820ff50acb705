package io.understudy.cli.selector;

import io.understudy.cli.options.ClusterOptions;
import io.understudy.cli.options.Role;
import io.understudy.config.LayeredSettings;
import io.understudy.selector.EgressSelector;
import io.understudy.selector.SelectorConfig;
import java.time.Duration;
import java.util.concurrent.Callable;
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

    @Option(names = "--instance-id", description = "This instance's id in the selector group (s1, s2, ...; default 1)."
            + " Run two or more instances with their own ids: one owns each shard, the others stand by and take over"
            + " within about half a second of its failure.")
    String instanceId;

    @Option(names = "--shards", description = "How many shards the selector group divides the partitions into;"
            + " the same on every instance (default 1: one instance owns everything, the others stand by).")
    Integer shards;

    @Override
    public Integer call() throws Exception {
        LayeredSettings settings = cluster.settings(Role.SELECTOR);
        settings.putIfSet(SelectorConfig.INITIAL_PRIMARY_CONFIG, primary, "--primary");
        settings.putIfSet(SelectorConfig.FAILURE_TIMEOUT_MS_CONFIG, failureTimeoutMs, "--failure-timeout-ms");
        settings.putIfSet(SelectorConfig.INSTANCE_ID_CONFIG, instanceId, "--instance-id");
        settings.putIfSet(SelectorConfig.SHARDS_CONFIG, shards, "--shards");
        EgressSelector selector = EgressSelector.start(new SelectorConfig(Role.SELECTOR.knownValues(settings)));
        Runtime.getRuntime().addShutdownHook(new Thread(selector::close, "understudy-selector-shutdown"));
        System.out.println("selector running; Ctrl-C to stop");
        selector.observabilityUrl().ifPresent(url -> System.out.println("status page " + url + "/ (JSON: " + url
                + "/api/status), metrics " + url + "/metrics, health " + url + "/health/ready"));
        while (!selector.awaitStop(Duration.ofSeconds(1))) {
            // the shutdown hook closes the selector
        }
        return selector.failure().isPresent() ? 1 : 0;
    }
}
