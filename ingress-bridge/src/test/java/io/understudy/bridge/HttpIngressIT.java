package io.understudy.bridge;

import static io.understudy.bridge.TcpIngressIT.payloads;
import static io.understudy.bridge.TcpIngressIT.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.bridge.client.HttpBridgeClient;
import io.understudy.records.TrafficPacket;
import io.understudy.stack.StackEndpoints;
import io.understudy.stack.junit.UnderstudyStackExtension;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(UnderstudyStackExtension.class)
class HttpIngressIT {

    private static final String PLAIN_FLOW = "flow-a";
    private static final String ODD_FLOW = "flow b/✓ 100%";

    @Test
    void acceptedPacketsArriveInOrderWithTheirSequence(StackEndpoints stack) throws Exception {
        IngressTopic topic = IngressTopic.create(stack, "http-accepted", 3);
        List<PublishedPacket> accepted = new ArrayList<>();
        try (IngressBridge bridge = IngressBridge.start(topic.bridgeConfig())) {
            HttpBridgeClient client = HttpBridgeClient.forPort(bridge.ports().http());
            for (int i = 0; i < 20; i++) {
                for (String flow : List.of(PLAIN_FLOW, ODD_FLOW)) {
                    HttpBridgeClient.Response response = client.post(flow, text(flow + " " + i));
                    assertEquals(202, response.status(), response.body());
                    PublishedPacket published = response.published().orElseThrow();
                    assertEquals(flow, published.flowId());
                    assertEquals(i, published.sequence());
                    accepted.add(published);
                }
            }
            assertEquals(40, bridge.metrics().snapshot().published());
        }

        List<ConsumerRecord<String, TrafficPacket>> records = topic.readAll();
        assertEquals(40, records.size());
        for (PublishedPacket published : accepted) {
            ConsumerRecord<String, TrafficPacket> record = records.stream()
                    .filter(r -> r.partition() == published.partition() && r.offset() == published.offset())
                    .findFirst().orElseThrow(() -> new AssertionError("no record where the 202 said: " + published));
            assertEquals(published.flowId(), record.key());
            assertEquals(-1, record.value().getSequence(), "not numbered by its endpoint");
            assertEquals(published.timestamp(), record.timestamp());
            assertEquals("http", record.value().getEndpoint());
        }
        Map<String, List<ConsumerRecord<String, TrafficPacket>>> byFlow = TcpIngressIT.groupByKey(records);
        for (String flow : List.of(PLAIN_FLOW, ODD_FLOW)) {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                expected.add(flow + " " + i);
            }
            assertEquals(expected, payloads(byFlow.get(flow)));
        }
    }

    @Test
    void badRequestsAreRefusedWithAReasonAndNothingIsWritten(StackEndpoints stack) throws Exception {
        IngressTopic topic = IngressTopic.create(stack, "http-refused", 1);
        try (IngressBridge bridge = IngressBridge.start(topic.bridgeConfig(Map.of("http.max.body.bytes", 1024)))) {
            HttpBridgeClient client = HttpBridgeClient.forPort(bridge.ports().http());

            assertRefused(413, "PAYLOAD_TOO_LARGE", "http.max.body.bytes=1024", client.post("f", new byte[1025]));
            assertRefused(413, "PAYLOAD_TOO_LARGE", "http.max.body.bytes=1024", postChunked(bridge, new byte[5000]));
            assertRefused(400, "EMPTY_PAYLOAD", "empty", client.post("f", new byte[0]));
            assertRefused(400, "INVALID_FLOW_ID", "U+0001", client.post("bad\u0001flow", text("x")));
            assertRefused(400, "INVALID_FLOW_ID", "empty", client.request("POST", "/flows//packets", text("x")));
            assertRefused(405, "METHOD_NOT_ALLOWED", "use POST", client.request("GET", "/flows/f/packets", null));
            assertRefused(405, "METHOD_NOT_ALLOWED", "use GET", client.request("POST", "/health", text("x")));
            assertRefused(404, "NOT_FOUND", "/flows/a/b/packets", client.request("POST", "/flows/a/b/packets", text("x")));
            assertRefused(404, "NOT_FOUND", "/nowhere", client.request("GET", "/nowhere", null));
            assertRefused(404, "NOT_FOUND", "/healthz", client.request("GET", "/healthz", null));

            HttpBridgeClient.Response exactlyTheLimit = client.post("f", new byte[1024]);
            assertEquals(202, exactlyTheLimit.status(), exactlyTheLimit.body());

            BridgeMetrics.Snapshot metrics = bridge.metrics().snapshot();
            assertEquals(2, metrics.rejected(RejectReason.PAYLOAD_TOO_LARGE));
            assertEquals(1, metrics.rejected(RejectReason.EMPTY_PAYLOAD));
            assertEquals(2, metrics.rejected(RejectReason.INVALID_FLOW_ID));
            assertEquals(5, metrics.rejectedTotal());
            assertEquals(1, metrics.received());
            assertEquals(1, metrics.published());
        }
        assertEquals(1, topic.readAll().size(), "only the accepted packet is written");
    }

    @Test
    void numberedPacketsCarryTheirEndpointsSequenceAndABadOneIsRefusedAlone(StackEndpoints stack) throws Exception {
        IngressTopic topic = IngressTopic.create(stack, "http-numbered", 1);
        try (IngressBridge bridge = IngressBridge.start(topic.bridgeConfig())) {
            HttpBridgeClient client = HttpBridgeClient.forPort(bridge.ports().http());
            HttpBridgeClient.Response first = client.post("f", 5, text("five"));
            assertEquals(202, first.status(), first.body());
            assertEquals(5, first.published().orElseThrow().sequence(), "the acknowledgement echoes the endpoint's number");
            HttpBridgeClient.Response retry = client.post("f", 5, text("five"));
            assertEquals(202, retry.status(), "the bridge writes a retry too: the nodes drop the repeat");
            HttpRequest badHeader = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bridge.ports().http()
                            + "/flows/f/packets")).header("Understudy-Sequence", "six")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(text("bad"))).build();
            HttpResponse<String> refused = HttpClient.newHttpClient().send(badHeader, HttpResponse.BodyHandlers.ofString());
            assertEquals(400, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("\"error\":\"INVALID_SEQUENCE\"")
                    && refused.body().contains("The Understudy-Sequence header is 'six'"), refused.body());
            assertEquals(202, client.post("f", 6, text("six")).status(), "the next valid packet goes through");
            assertEquals(1, bridge.metrics().snapshot().rejected(RejectReason.INVALID_SEQUENCE));
        }
        List<ConsumerRecord<String, TrafficPacket>> records = topic.readAll();
        assertEquals(List.of(5L, 5L, 6L), records.stream().map(r -> r.value().getSequence()).toList());
        assertEquals(List.of("five", "five", "six"), payloads(records));
    }

    @Test
    void healthAndMetricsTellWhatTheBridgeSees(StackEndpoints stack) throws Exception {
        IngressTopic topic = IngressTopic.create(stack, "http-health", 1);
        try (IngressBridge bridge = IngressBridge.start(topic.bridgeConfig())) {
            HttpBridgeClient client = HttpBridgeClient.forPort(bridge.ports().http());

            HttpBridgeClient.Response health = client.health();
            assertEquals(200, health.status(), health.body());
            assertTrue(health.body().contains("\"status\":\"UP\"") && health.body().contains(topic.name()),
                    health.body());

            for (int i = 0; i < 3; i++) {
                assertEquals(202, client.post("f", text("p" + i)).status());
            }
            client.post("f", new byte[0]);
            HttpBridgeClient.Response metrics = client.metrics();
            assertEquals(200, metrics.status());
            assertTrue(metrics.body().contains("understudy_bridge_packets_received_total 3\n"), metrics.body());
            assertTrue(metrics.body().contains("understudy_bridge_packets_published_total 3\n"), metrics.body());
            assertTrue(metrics.body().contains("understudy_bridge_rejected_total{reason=\"EMPTY_PAYLOAD\"} 1\n"),
                    metrics.body());
        }
    }

    private static void assertRefused(int status, String error, String inMessage, HttpBridgeClient.Response response) {
        assertEquals(status, response.status(), response.body());
        assertEquals(error, response.error().orElseThrow(), response.body());
        assertTrue(response.body().contains(inMessage), response.body());
    }

    /** A POST without Content-Length (chunked), so the bridge must count the bytes as they come. */
    private static HttpBridgeClient.Response postChunked(IngressBridge bridge, byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bridge.ports().http()
                        + "/flows/f/packets"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        return new HttpBridgeClient.Response(response.statusCode(), response.body(), null);
    }
}
