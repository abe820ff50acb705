package io.understudy.bench.harness;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;

/** What the broker allows, read from the broker itself rather than assumed. */
public final class BrokerFacts {

    public static final String MIN_SESSION_TIMEOUT = "group.min.session.timeout.ms";

    private BrokerFacts() {
    }

    /** The broker's {@code group.min.session.timeout.ms}: the shortest session a classic-protocol member may ask for. */
    public static int minSessionTimeoutMs(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            String brokerId = Integer.toString(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).iterator().next().id());
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, brokerId);
            Config config = admin.describeConfigs(List.of(broker)).all().get(30, TimeUnit.SECONDS).get(broker);
            return Integer.parseInt(config.get(MIN_SESSION_TIMEOUT).value());
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read " + MIN_SESSION_TIMEOUT + " from the broker: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
