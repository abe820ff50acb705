package io.understudy.bridge;

import static io.understudy.bridge.TcpIngressIT.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.understudy.bridge.client.HttpBridgeClient;
import io.understudy.bridge.client.TcpBridgeClient;
import io.understudy.bridge.tcp.frame.Reply;
import io.understudy.records.TrafficPacket;
import io.understudy.stack.StackEndpoints;
import io.understudy.stack.junit.UnderstudyStackExtension;
import io.understudy.stack.kafka.BrokerOptions;
import io.understudy.stack.kafka.EmbeddedKafkaBroker;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A dedicated broker (not the shared one) stops and comes back on the same port and data: the
 * bridge refuses packets while it is down, recovers by itself, and what it acked is exactly what
 * the topic holds.
 */
@ExtendWith(UnderstudyStackExtension.class)
class BrokerOutageIT {

    private static final String FLOW = "through-the-outage";

    @Test
    void acksExactlyWhatKafkaWroteAcrossABrokerRestart(StackEndpoints stack) throws Exception {
        Path dataDir = Files.createTempDirectory("bridge-outage-broker");
        BrokerOptions options = BrokerOptions.defaults().withPort(freePort()).withControllerPort(freePort())
                .withDataDir(dataDir).withKeepData(true);
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(options);
        try {
            StackEndpoints outageStack = new StackEndpoints(broker.bootstrapServers(), stack.schemaRegistryUrl());
            IngressTopic topic = IngressTopic.create(outageStack, "broker-outage", 1);
            List<Long> acked = new ArrayList<>();
            int refused = 0;
            try (IngressBridge bridge = IngressBridge.start(topic.bridgeConfig(Map.of(
                    "producer.max.block.ms", 500,
                    "producer.request.timeout.ms", 1000,
                    "producer.delivery.timeout.ms", 2500,
                    "http.ack.timeout.ms", 1000,
                    "health.probe.interval.ms", 200,
                    "health.probe.timeout.ms", 2000)));
                 TcpBridgeClient client = TcpBridgeClient.connect("127.0.0.1", bridge.ports().tcp())) {
                client.open(FLOW).get(30, TimeUnit.SECONDS);
                Await.until(Duration.ofSeconds(30), () -> bridge.health().reachable(), () -> "health UP: " + bridge.health());
                for (Reply reply : sendAll(client, 100, "before")) {
                    acked.add(assertInstanceOf(Reply.Ack.class, reply).offset());
                }

                broker.close();
                Await.until(Duration.ofSeconds(15), () -> !bridge.health().reachable(),
                        () -> "health turns DOWN: " + bridge.health());
                for (Reply reply : sendAll(client, 30, "during")) {
                    Reply.Error error = assertInstanceOf(Reply.Error.class, reply, "nothing is acked while Kafka is down");
                    assertEquals(RejectReason.KAFKA_UNAVAILABLE, error.reason().orElseThrow(), error.message());
                    refused++;
                }
                HttpBridgeClient.Response httpDuring = HttpBridgeClient.forPort(bridge.ports().http())
                        .post(FLOW, text("http during"));
                assertEquals(503, httpDuring.status(), httpDuring.body());
                refused++;

                broker = EmbeddedKafkaBroker.start(options);
                Await.until(Duration.ofSeconds(30), () -> bridge.health().reachable(),
                        () -> "health turns UP again: " + bridge.health());
                for (Reply reply : sendAll(client, 100, "after")) {
                    acked.add(assertInstanceOf(Reply.Ack.class, reply, "acked again once Kafka is back").offset());
                }
                BridgeMetrics.Snapshot metrics = bridge.metrics().snapshot();
                assertEquals(200, metrics.published());
                assertEquals(refused, metrics.rejected(RejectReason.KAFKA_UNAVAILABLE));
            }

            List<ConsumerRecord<String, TrafficPacket>> records = topic.readAll();
            List<Long> written = records.stream().map(ConsumerRecord::offset).toList();
            assertEquals(acked, written, "the topic holds exactly the acked packets, where their acks said");
            assertEquals(List.of("before 0", "after 99"), List.of(
                    TcpIngressIT.payloads(records.subList(0, 1)).get(0),
                    TcpIngressIT.payloads(records.subList(199, 200)).get(0)));
        } finally {
            broker.close();
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static List<Reply> sendAll(TcpBridgeClient client, int count, String label) throws Exception {
        List<CompletableFuture<Reply>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            futures.add(client.send(text(label + " " + i)));
        }
        List<Reply> replies = new ArrayList<>();
        for (CompletableFuture<Reply> future : futures) {
            replies.add(future.get(30, TimeUnit.SECONDS));
        }
        return replies;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
