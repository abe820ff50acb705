package io.understudy.cli.bridge;

import io.understudy.bridge.BoundPorts;
import io.understudy.bridge.IngressBridge;
import io.understudy.bridge.config.BridgeConfig;
import io.understudy.cli.options.ClusterOptions;
import io.understudy.cli.options.Role;
import io.understudy.config.LayeredSettings;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code understudy bridge}: runs the ingress bridge until it is stopped. */
@Command(name = "bridge",
        description = "Runs the ingress bridge: TCP (length-prefixed frames) and HTTP (POST /flows/{flowId}/packets)"
                + " endpoints that publish every packet to the ingress topic, acknowledging only what Kafka acknowledged.")
public final class BridgeCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--tcp-port", description = "TCP port (default 7400; 0 picks a free port; -1 disables TCP).")
    Integer tcpPort;

    @Option(names = "--http-port", description = "HTTP port (default 7480; 0 picks a free port; -1 disables HTTP).")
    Integer httpPort;

    @Override
    public Integer call() throws Exception {
        LayeredSettings settings = cluster.settings(Role.BRIDGE);
        settings.putIfSet(BridgeConfig.TCP_PORT_CONFIG, tcpPort, "--tcp-port");
        settings.putIfSet(BridgeConfig.HTTP_PORT_CONFIG, httpPort, "--http-port");
        IngressBridge bridge = IngressBridge.start(new BridgeConfig(Role.BRIDGE.knownValues(settings)));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            bridge.close();
            stopped.countDown();
        }, "understudy-bridge-shutdown"));
        BoundPorts ports = bridge.ports();
        System.out.println(ports.announcement() + "; Ctrl-C to stop");
        bridge.observabilityUrl().ifPresent(url -> System.out.println("metrics " + url + "/metrics, health " + url
                + "/health/ready"));
        System.out.flush();
        stopped.await();
        return 0;
    }
}
