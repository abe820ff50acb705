package io.understudy.bridge;

import static io.understudy.bridge.TcpIngressIT.payloads;
import static io.understudy.bridge.TcpIngressIT.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.bridge.client.TcpBridgeClient;
import io.understudy.bridge.tcp.frame.FrameFormat;
import io.understudy.bridge.tcp.frame.FrameType;
import io.understudy.bridge.tcp.frame.Reply;
import io.understudy.bridge.tcp.frame.ReplyCodec;
import io.understudy.records.TrafficPacket;
import io.understudy.stack.StackEndpoints;
import io.understudy.stack.junit.UnderstudyStackExtension;
import java.io.DataInputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(UnderstudyStackExtension.class)
class TcpBadInputIT {

    @Test
    void anOversizeFrameIsRefusedAndTheSameConnectionGoesOn(StackEndpoints stack) throws Exception {
        IngressTopic topic = IngressTopic.create(stack, "tcp-oversize", 2);
        try (IngressBridge bridge = IngressBridge.start(topic.bridgeConfig(Map.of("tcp.max.frame.bytes", 1024)));
             TcpBridgeClient client = TcpBridgeClient.connect("127.0.0.1", bridge.ports().tcp())) {
            List<CompletableFuture<Reply>> replies = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                replies.add(client.send(text("before " + i)));
            }
            replies.add(client.send(new byte[100_000]));
            for (int i = 0; i < 10; i++) {
                replies.add(client.send(text("after " + i)));
            }

            for (int i = 0; i < 21; i++) {
                Reply reply = replies.get(i).get(30, TimeUnit.SECONDS);
                assertEquals(i, reply.frameIndex());
                if (i == 10) {
                    Reply.Error error = assertError(RejectReason.PAYLOAD_TOO_LARGE, reply);
                    assertTrue(error.message().contains("100001") && error.message().contains("tcp.max.frame.bytes=1024"),
                            error.message());
                } else {
                    assertEquals(i < 10 ? i : i - 1, assertInstanceOf(Reply.Ack.class, reply).sequence());
                }
            }
            BridgeMetrics.Snapshot metrics = bridge.metrics().snapshot();
            assertEquals(1, metrics.rejected(RejectReason.PAYLOAD_TOO_LARGE));
            assertEquals(1, metrics.rejectedTotal());
            assertEquals(20, metrics.received());
            assertEquals(20, metrics.published());
        }

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            expected.add("before " + i);
        }
        for (int i = 0; i < 10; i++) {
            expected.add("after " + i);
        }
        assertEquals(expected, payloads(topic.readAll()));
    }

    @Test
    void malformedFramesAreRefusedAndTheRestGoesThrough(StackEndpoints stack) throws Exception {
        IngressTopic topic = IngressTopic.create(stack, "tcp-malformed", 2);
        try (IngressBridge bridge = IngressBridge.start(topic.bridgeConfig());
             TcpBridgeClient client = TcpBridgeClient.connect("127.0.0.1", bridge.ports().tcp())) {
            ByteBuffer flowIdPastTheEnd = rawFrame(FrameType.DATA_WITH_FLOW.code(),
                    ByteBuffer.allocate(2 + 3).putShort((short) 200).put(text("abc")).array());
            List<CompletableFuture<Reply>> replies = List.of(
                    client.send(text("one")),
                    client.sendEncoded(rawFrame((byte) 0x7F, text("unknown type"))),
                    client.send(text("two")),
                    client.sendEncoded(flowIdPastTheEnd),
                    client.send(text("three")),
                    client.sendEncoded(ByteBuffer.wrap(new byte[] {0, 0, 0, 0})),
                    client.sendEncoded(rawFrame(FrameType.DATA.code(), new byte[0])),
                    client.send("other", text("four")),
                    client.sendEncoded(rawFrame(FrameType.NUMBERED_DATA.code(),
                            ByteBuffer.allocate(8 + 4).putLong(-2).put(text("neg!")).array())),
                    client.send("other", 9, text("five")));

            assertSequence(0, replies.get(0));
            assertTrue(assertError(RejectReason.MALFORMED_FRAME, replies.get(1).get(30, TimeUnit.SECONDS)).message()
                    .contains("unknown type 0x7F"));
            assertSequence(1, replies.get(2));
            assertTrue(assertError(RejectReason.MALFORMED_FRAME, replies.get(3).get(30, TimeUnit.SECONDS)).message()
                    .contains("200 bytes"));
            assertSequence(2, replies.get(4));
            assertError(RejectReason.MALFORMED_FRAME, replies.get(5).get(30, TimeUnit.SECONDS));
            assertError(RejectReason.EMPTY_PAYLOAD, replies.get(6).get(30, TimeUnit.SECONDS));
            assertSequence(0, replies.get(7));
            assertEquals("Frame 8 (NUMBERED_DATA) has sequence -2: a numbered packet's sequence is 0 or more",
                    assertError(RejectReason.INVALID_SEQUENCE, replies.get(8).get(30, TimeUnit.SECONDS)).message());
            assertSequence(9, replies.get(9));
            BridgeMetrics.Snapshot metrics = bridge.metrics().snapshot();
            assertEquals(3, metrics.rejected(RejectReason.MALFORMED_FRAME));
            assertEquals(1, metrics.rejected(RejectReason.EMPTY_PAYLOAD));
            assertEquals(1, metrics.rejected(RejectReason.INVALID_SEQUENCE));
            assertEquals(5, metrics.published());
        }

        Map<String, List<ConsumerRecord<String, TrafficPacket>>> byFlow = TcpIngressIT.groupByKey(topic.readAll());
        assertEquals(2, byFlow.size());
        assertEquals(List.of("four", "five"), payloads(byFlow.get("other")));
        assertEquals(List.of(-1L, 9L), byFlow.get("other").stream().map(r -> r.value().getSequence()).toList());
        byFlow.remove("other");
        assertEquals(List.of("one", "two", "three"), payloads(byFlow.values().iterator().next()));
    }

    @Test
    void invalidFlowIdsAreRefusedAndTheConnectionKeepsItsFlow(StackEndpoints stack) throws Exception {
        IngressTopic topic = IngressTopic.create(stack, "tcp-flow-ids", 2);
        try (IngressBridge bridge = IngressBridge.start(topic.bridgeConfig());
             TcpBridgeClient client = TcpBridgeClient.connect("127.0.0.1", bridge.ports().tcp())) {
            byte[] tabbed = text("tab\there");
            List<CompletableFuture<Reply>> replies = List.of(
                    client.sendEncoded(rawFrame(FrameType.OPEN.code(), text("bad\u0001flow"))),
                    client.sendEncoded(rawFrame(FrameType.DATA_WITH_FLOW.code(), ByteBuffer.allocate(2 + tabbed.length + 1)
                            .putShort((short) tabbed.length).put(tabbed).put((byte) 'x').array())),
                    client.sendEncoded(rawFrame(FrameType.OPEN.code(), new byte[] {'a', (byte) 0xC0})),
                    client.sendEncoded(rawFrame(FrameType.OPEN.code(), text("f".repeat(256)))),
                    client.send(text("still the default flow")),
                    client.send("fine", text("named")));

            assertTrue(assertError(RejectReason.INVALID_FLOW_ID, replies.get(0).get(30, TimeUnit.SECONDS)).message()
                    .contains("U+0001"));
            assertTrue(assertError(RejectReason.INVALID_FLOW_ID, replies.get(1).get(30, TimeUnit.SECONDS)).message()
                    .contains("U+0009"));
            assertTrue(assertError(RejectReason.INVALID_FLOW_ID, replies.get(2).get(30, TimeUnit.SECONDS)).message()
                    .contains("UTF-8"));
            assertTrue(assertError(RejectReason.INVALID_FLOW_ID, replies.get(3).get(30, TimeUnit.SECONDS)).message()
                    .contains("256 bytes"));
            assertSequence(0, replies.get(4));
            assertSequence(0, replies.get(5));
            assertEquals(4, bridge.metrics().snapshot().rejected(RejectReason.INVALID_FLOW_ID));

            Map<String, List<ConsumerRecord<String, TrafficPacket>>> byFlow =
                    TcpIngressIT.groupByKey(topic.readAll());
            assertEquals(List.of("still the default flow"), payloads(byFlow.get(client.defaultFlowId())));
            assertEquals(List.of("named"), payloads(byFlow.get("fine")));
            assertEquals(2, byFlow.size());
        }
    }

    /** 0x7FFFFFFF and 16 MiB + 1 are too long to skip; 0xFFFFFFFF is -1. */
    @ParameterizedTest
    @ValueSource(ints = {Integer.MAX_VALUE, FrameFormat.MAX_LENGTH + 1, -1})
    void anUntrustworthyLengthEndsTheConnectionOnceEarlierFramesAreAnswered(int length, StackEndpoints stack)
            throws Exception {
        IngressTopic topic = IngressTopic.create(stack, "tcp-absurd-length", 1);
        try (IngressBridge bridge = IngressBridge.start(topic.bridgeConfig());
             TcpBridgeClient client = TcpBridgeClient.connect("127.0.0.1", bridge.ports().tcp())) {
            List<CompletableFuture<Reply>> valid = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                valid.add(client.send(text("valid " + i)));
            }
            CompletableFuture<Reply> absurd = client.sendEncoded(ByteBuffer.allocate(8).putInt(length)
                    .put(new byte[] {1, 2, 3, 4}).flip());

            for (int i = 0; i < 3; i++) {
                assertSequence(i, valid.get(i));
            }
            Reply.Error error = assertError(RejectReason.FRAME_LENGTH_OUT_OF_RANGE, absurd.get(30, TimeUnit.SECONDS));
            assertTrue(error.message().contains(String.valueOf(length)), error.message());
            Await.until(Duration.ofSeconds(10), () -> !client.isOpen(), () -> "the bridge closes the connection");
            ExecutionException afterwards = assertThrows(ExecutionException.class,
                    () -> client.send(text("too late")).get(10, TimeUnit.SECONDS));
            assertInstanceOf(java.io.IOException.class, afterwards.getCause());
            Await.until(Duration.ofSeconds(10), () -> bridge.metrics().snapshot().openConnections() == 0,
                    () -> "no connection open: " + bridge.metrics().snapshot());
            assertEquals(1, bridge.metrics().snapshot().rejected(RejectReason.FRAME_LENGTH_OUT_OF_RANGE));
        }
        assertEquals(List.of("valid 0", "valid 1", "valid 2"), payloads(topic.readAll()));
    }

    @Test
    void connectionsBeyondTheLimitAreRefused(StackEndpoints stack) throws Exception {
        IngressTopic topic = IngressTopic.create(stack, "tcp-connection-limit", 1);
        try (IngressBridge bridge = IngressBridge.start(topic.bridgeConfig(Map.of("tcp.max.connections", 2)));
             TcpBridgeClient second = TcpBridgeClient.connect("127.0.0.1", bridge.ports().tcp())) {
            TcpBridgeClient first = TcpBridgeClient.connect("127.0.0.1", bridge.ports().tcp()); // closed below
            assertInstanceOf(Reply.Opened.class, first.open("first").get(30, TimeUnit.SECONDS));
            assertInstanceOf(Reply.Opened.class, second.open("second").get(30, TimeUnit.SECONDS));

            try (Socket third = new Socket("127.0.0.1", bridge.ports().tcp())) {
                DataInputStream in = new DataInputStream(third.getInputStream());
                Reply.Error refusal = assertError(RejectReason.TOO_MANY_CONNECTIONS, ReplyCodec.read(in));
                assertEquals(FrameFormat.NO_FRAME, refusal.frameIndex());
                assertTrue(refusal.message().contains("tcp.max.connections=2"), refusal.message());
                assertEquals(-1, in.read(), "then the bridge closes it");
            }
            BridgeMetrics.Snapshot metrics = bridge.metrics().snapshot();
            assertEquals(1, metrics.rejected(RejectReason.TOO_MANY_CONNECTIONS));
            assertEquals(2, metrics.acceptedConnections());

            first.close();
            Await.until(Duration.ofSeconds(10), () -> bridge.metrics().snapshot().openConnections() == 1,
                    () -> "the closed connection is let go: " + bridge.metrics().snapshot());
            try (TcpBridgeClient replacement = TcpBridgeClient.connect("127.0.0.1", bridge.ports().tcp())) {
                assertInstanceOf(Reply.Opened.class, replacement.open("replacement").get(30, TimeUnit.SECONDS));
                assertFalse(replacement.connectionError().isPresent());
            }
            assertInstanceOf(Reply.Ack.class, second.send(text("still served")).get(30, TimeUnit.SECONDS));
        }
    }

    private static void assertSequence(long expected, CompletableFuture<Reply> reply) throws Exception {
        assertEquals(expected, assertInstanceOf(Reply.Ack.class, reply.get(30, TimeUnit.SECONDS)).sequence());
    }

    private static Reply.Error assertError(RejectReason expected, Reply reply) {
        Reply.Error error = assertInstanceOf(Reply.Error.class, reply, () -> "expected " + expected + ", got " + reply);
        assertEquals(expected, error.reason().orElseThrow(), error.message());
        return error;
    }

    /** A frame with any type byte and body, bypassing the encoder's checks. */
    private static ByteBuffer rawFrame(byte type, byte[] body) {
        return ByteBuffer.allocate(4 + 1 + body.length).putInt(1 + body.length).put(type).put(body).flip();
    }
}
