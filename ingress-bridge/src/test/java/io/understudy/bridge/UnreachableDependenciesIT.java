package io.understudy.bridge;

import static io.understudy.bridge.TcpIngressIT.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.bridge.client.HttpBridgeClient;
import io.understudy.bridge.client.TcpBridgeClient;
import io.understudy.bridge.config.BridgeConfig;
import io.understudy.bridge.tcp.frame.Reply;
import io.understudy.stack.StackEndpoints;
import io.understudy.stack.junit.UnderstudyStackExtension;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A bridge whose Kafka never answers starts, refuses every packet with a reason and acks nothing;
 * a bridge whose schema registry does not answer does not start.
 */
@ExtendWith(UnderstudyStackExtension.class)
class UnreachableDependenciesIT {

    @Test
    void refusesEveryPacketWithAReasonAndAcksNothing(StackEndpoints stack) throws Exception {
        String nobodyListens = "127.0.0.1:" + closedPort();
        Map<String, Object> settings = new HashMap<>();
        settings.put(BridgeConfig.BOOTSTRAP_SERVERS_CONFIG, nobodyListens);
        settings.put(BridgeConfig.SCHEMA_REGISTRY_URL_CONFIG, stack.schemaRegistryUrl());
        settings.put(BridgeConfig.TOPIC_PREFIX_CONFIG, "kafka-unavailable.");
        settings.put(BridgeConfig.TCP_PORT_CONFIG, 0);
        settings.put(BridgeConfig.HTTP_PORT_CONFIG, 0);
        settings.put(BridgeConfig.PRODUCER_MAX_BLOCK_MS_CONFIG, 300);
        settings.put(BridgeConfig.PRODUCER_REQUEST_TIMEOUT_MS_CONFIG, 1000);
        settings.put(BridgeConfig.PRODUCER_DELIVERY_TIMEOUT_MS_CONFIG, 1500);
        settings.put(BridgeConfig.HTTP_ACK_TIMEOUT_MS_CONFIG, 1000);
        settings.put(BridgeConfig.HEALTH_PROBE_INTERVAL_MS_CONFIG, 200);
        settings.put(BridgeConfig.HEALTH_PROBE_TIMEOUT_MS_CONFIG, 300);

        try (IngressBridge bridge = IngressBridge.start(new BridgeConfig(settings))) {
            assertFalse(bridge.health().reachable(), bridge.health().toString());

            HttpBridgeClient http = HttpBridgeClient.forPort(bridge.ports().http());
            HttpBridgeClient.Response refused = http.post("flow-1", text("lost?"));
            assertEquals(503, refused.status(), refused.body());
            assertEquals("KAFKA_UNAVAILABLE", refused.error().orElseThrow());
            assertTrue(refused.body().contains(nobodyListens), refused.body());
            assertEquals("1", refused.retryAfter());

            HttpBridgeClient.Response health = http.health();
            assertEquals(503, health.status(), health.body());
            assertTrue(health.body().contains("\"status\":\"DOWN\"") && health.body().contains(nobodyListens),
                    health.body());

            try (TcpBridgeClient tcp = TcpBridgeClient.connect("127.0.0.1", bridge.ports().tcp())) {
                List<CompletableFuture<Reply>> replies = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    replies.add(tcp.send(text("packet " + i)));
                }
                for (int i = 0; i < 20; i++) {
                    Reply.Error error = assertInstanceOf(Reply.Error.class, replies.get(i).get(30, TimeUnit.SECONDS),
                            "frame " + i + " must not be acked");
                    assertEquals(RejectReason.KAFKA_UNAVAILABLE, error.reason().orElseThrow());
                    assertTrue(error.message().contains(nobodyListens), error.message());
                }
                assertTrue(tcp.isOpen(), "the connection stays usable");
            }

            BridgeMetrics.Snapshot metrics = bridge.metrics().snapshot();
            assertEquals(21, metrics.received());
            assertEquals(0, metrics.published());
            assertEquals(21, metrics.rejected(RejectReason.KAFKA_UNAVAILABLE));
            assertEquals(0, metrics.inFlight());
        }
    }

    @Test
    void doesNotStartWithoutTheSchemaRegistry(StackEndpoints stack) throws Exception {
        String nobodyListens = "http://127.0.0.1:" + closedPort() + "/apis/ccompat/v7";
        BridgeConfig config = BridgeConfig.forCluster(stack.bootstrapServers(), nobodyListens)
                .with(Map.of(BridgeConfig.TCP_PORT_CONFIG, 0, BridgeConfig.HTTP_PORT_CONFIG, 0));

        RuntimeException e = assertThrows(RuntimeException.class, () -> IngressBridge.start(config));

        assertTrue(e.getMessage().contains("TrafficPacket") && e.getMessage().contains(nobodyListens), e.getMessage());
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
