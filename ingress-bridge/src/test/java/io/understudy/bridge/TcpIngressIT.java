package io.understudy.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.bridge.client.TcpBridgeClient;
import io.understudy.bridge.tcp.frame.Frame;
import io.understudy.bridge.tcp.frame.FrameEncoder;
import io.understudy.bridge.tcp.frame.Reply;
import io.understudy.bridge.tcp.frame.ReplyCodec;
import io.understudy.records.PacketKind;
import io.understudy.records.TrafficPacket;
import io.understudy.stack.StackEndpoints;
import io.understudy.stack.junit.UnderstudyStackExtension;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(UnderstudyStackExtension.class)
class TcpIngressIT {

    private static final int CONNECTIONS = 3;
    private static final int FRAMES_PER_CONNECTION = 1000;

    @Test
    void everyFrameOfThreeConnectionsArrivesOnceInOrderPerFlow(StackEndpoints stack) throws Exception {
        IngressTopic topic = IngressTopic.create(stack, "tcp-three-connections", 3);
        long startedAt = System.currentTimeMillis();
        Map<String, List<Reply.Ack>> acksByFlow = new LinkedHashMap<>();
        Map<String, String> endpointByFlow = new HashMap<>();
        try (IngressBridge bridge = IngressBridge.start(topic.bridgeConfig())) {
            List<TcpBridgeClient> clients = new ArrayList<>();
            Map<TcpBridgeClient, List<CompletableFuture<Reply>>> replies = new LinkedHashMap<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                TcpBridgeClient client = TcpBridgeClient.connect("127.0.0.1", bridge.ports().tcp());
                clients.add(client);
                replies.put(client, new ArrayList<>());
                endpointByFlow.put(client.defaultFlowId(), "tcp://127.0.0.1:" + client.localAddress().getPort());
            }
            for (int n = 0; n < FRAMES_PER_CONNECTION; n++) {
                for (int c = 0; c < CONNECTIONS; c++) {
                    TcpBridgeClient client = clients.get(c);
                    replies.get(client).add(client.send(payload(c, n)));
                }
            }
            for (TcpBridgeClient client : clients) {
                List<Reply.Ack> acks = new ArrayList<>();
                for (CompletableFuture<Reply> reply : replies.get(client)) {
                    acks.add(assertInstanceOf(Reply.Ack.class, reply.get(60, TimeUnit.SECONDS)));
                }
                acksByFlow.put(client.defaultFlowId(), acks);
                client.close();
            }
            BridgeMetrics.Snapshot metrics = bridge.metrics().snapshot();
            assertEquals(CONNECTIONS * FRAMES_PER_CONNECTION, metrics.received());
            assertEquals(CONNECTIONS * FRAMES_PER_CONNECTION, metrics.published());
            assertEquals(0, metrics.rejectedTotal());
            assertEquals(0, metrics.inFlight());
            assertEquals(CONNECTIONS, metrics.acceptedConnections());
        }
        long stoppedAt = System.currentTimeMillis();

        List<ConsumerRecord<String, TrafficPacket>> records = topic.readAll();
        assertEquals(CONNECTIONS * FRAMES_PER_CONNECTION, records.size(), "every frame exactly once, nothing else");
        Map<String, List<ConsumerRecord<String, TrafficPacket>>> byFlow = groupByKey(records);
        assertEquals(acksByFlow.keySet(), byFlow.keySet());
        int c = 0;
        for (Map.Entry<String, List<Reply.Ack>> flow : acksByFlow.entrySet()) {
            List<ConsumerRecord<String, TrafficPacket>> flowRecords = byFlow.get(flow.getKey());
            assertEquals(FRAMES_PER_CONNECTION, flowRecords.size(), flow.getKey());
            for (int n = 0; n < FRAMES_PER_CONNECTION; n++) {
                ConsumerRecord<String, TrafficPacket> record = flowRecords.get(n);
                TrafficPacket packet = record.value();
                Reply.Ack ack = flow.getValue().get(n);
                assertEquals(-1, packet.getSequence(), "an unnumbered packet's record carries no sequence");
                assertEquals(n, ack.sequence(), "the bridge's own count, in offset order, in " + flow.getKey());
                assertEquals(n, ack.frameIndex());
                assertEquals(record.partition(), ack.partition());
                assertEquals(record.offset(), ack.offset());
                assertEquals(flow.getKey(), packet.getFlowId());
                assertEquals(PacketKind.DATA, packet.getKind());
                assertEquals(endpointByFlow.get(flow.getKey()), packet.getEndpoint());
                assertArrayEquals(payload(c, n), bytes(packet.getPayload()));
                assertTrue(record.timestamp() >= startedAt && record.timestamp() <= stoppedAt,
                        "record timestamp is when the bridge received it");
            }
            c++;
        }
    }

    @Test
    void openNamesTheConnectionsFlowAndDataWithFlowNamesItsOwn(StackEndpoints stack) throws Exception {
        IngressTopic topic = IngressTopic.create(stack, "tcp-named-flows", 3);
        try (IngressBridge bridge = IngressBridge.start(topic.bridgeConfig());
             TcpBridgeClient first = TcpBridgeClient.connect("127.0.0.1", bridge.ports().tcp());
             TcpBridgeClient second = TcpBridgeClient.connect("127.0.0.1", bridge.ports().tcp())) {
            assertEquals(new Reply.Opened(0), first.open("alpha").get(30, TimeUnit.SECONDS));
            for (int i = 0; i < 5; i++) {
                assertSequence(i, first.send(text("alpha " + i)));
                if (i < 3) {
                    assertSequence(i, first.send("beta", text("beta " + i)));
                }
            }
            assertEquals(new Reply.Opened(0), second.open("alpha").get(30, TimeUnit.SECONDS));
            for (int i = 5; i < 8; i++) {
                assertSequence(i, second.send(text("alpha " + i))); // one flow, numbered across connections
            }
            first.open("gamma").get(30, TimeUnit.SECONDS);
            assertSequence(0, first.send(text("gamma 0")));
        }

        Map<String, List<ConsumerRecord<String, TrafficPacket>>> byFlow = groupByKey(topic.readAll());
        assertEquals(Set.of("alpha", "beta", "gamma"), byFlow.keySet());
        assertEquals(List.of("alpha 0", "alpha 1", "alpha 2", "alpha 3", "alpha 4", "alpha 5", "alpha 6", "alpha 7"),
                payloads(byFlow.get("alpha")));
        assertEquals(List.of("beta 0", "beta 1", "beta 2"), payloads(byFlow.get("beta")));
        assertEquals(List.of("gamma 0"), payloads(byFlow.get("gamma")));
    }

    /** Replies are written in frame order, though the flows' partitions answer independently. */
    @Test
    void repliesComeInFrameOrderOnTheWire(StackEndpoints stack) throws Exception {
        IngressTopic topic = IngressTopic.create(stack, "tcp-reply-order", 3);
        int flows = 12;
        int frames = 600;
        try (IngressBridge bridge = IngressBridge.start(topic.bridgeConfig());
             Socket socket = new Socket("127.0.0.1", bridge.ports().tcp())) {
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            for (int i = 0; i < frames; i++) {
                out.write(FrameEncoder.encodeToArray(Frame.DataWithFlow.of("flow-" + (i % flows), text("p" + i))));
            }
            out.flush();
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            Map<Integer, Long> partitionsSeen = new HashMap<>();
            for (int i = 0; i < frames; i++) {
                Reply.Ack ack = assertInstanceOf(Reply.Ack.class, ReplyCodec.read(in));
                assertEquals(i, ack.frameIndex(), "replies in frame order");
                assertEquals(i / flows, ack.sequence());
                partitionsSeen.merge(ack.partition(), 1L, Long::sum);
            }
            assertTrue(partitionsSeen.size() > 1, "the flows spread over partitions: " + partitionsSeen);
        }
        assertEquals(frames, topic.readAll().size());
    }

    /**
     * Stopping mid-stream: each frame is acked, refused or left unanswered, and only acked ones are
     * written. The client keeps sending until the bridge has closed the connection, so the stop
     * lands while frames are still coming, and the test checks that it did: some frames acked,
     * some not (issue 17: as first written, every frame could be acked before the stop began, and
     * the count of acked + refused + unanswered held by construction).
     */
    @Test
    void stoppingTheBridgeNeverAcksWhatWasNotWritten(StackEndpoints stack) throws Exception {
        IngressTopic topic = IngressTopic.create(stack, "tcp-stop", 1);
        int stopAt = 1_000;
        int maxFrames = 100_000;
        List<CompletableFuture<Reply>> replies = new ArrayList<>();
        IngressBridge bridge = IngressBridge.start(topic.bridgeConfig());
        Thread stopper = new Thread(bridge::close, "stop-bridge");
        try (TcpBridgeClient client = TcpBridgeClient.connect("127.0.0.1", bridge.ports().tcp())) {
            for (int i = 0; i < maxFrames && client.isOpen(); i++) {
                replies.add(client.send(Frame.Data.numbered(i, text("packet " + i))));
                if (i == stopAt) {
                    replies.get(0).get(30, TimeUnit.SECONDS); // the bridge is publishing: stop it mid-stream
                    stopper.start();
                }
            }
            stopper.join(30_000);
            int frames = replies.size();
            assertTrue(frames > stopAt && frames < maxFrames, "the bridge closed the connection after "
                    + frames + " frames sent");

            Set<Long> acked = new HashSet<>();
            int refused = 0;
            int unanswered = 0;
            for (CompletableFuture<Reply> future : replies) {
                try {
                    Reply reply = future.get(30, TimeUnit.SECONDS);
                    if (reply instanceof Reply.Ack ack) {
                        acked.add(ack.sequence());
                    } else {
                        assertEquals(RejectReason.SHUTTING_DOWN,
                                assertInstanceOf(Reply.Error.class, reply).reason().orElseThrow());
                        refused++;
                    }
                } catch (ExecutionException e) {
                    unanswered++; // the bridge closed the connection before reading the frame
                }
            }
            assertEquals(frames, acked.size() + refused + unanswered);
            assertTrue(acked.contains(0L), "the first frame was acked before the stop");
            assertTrue(refused + unanswered > 0, "the stop hit mid-stream: " + acked.size() + " acked, " + refused
                    + " refused, " + unanswered + " unanswered of " + frames);
            System.out.println("tcp-stop: " + frames + " frames, " + acked.size() + " acked, " + refused + " refused, "
                    + unanswered + " unanswered");

            Set<Long> written = new HashSet<>();
            topic.readAll().forEach(record -> written.add(record.value().getSequence()));
            assertTrue(written.containsAll(acked), "every acked frame is written");
            assertEquals(acked, written, "and, with the bridge answering before it closes, nothing else");
        } finally {
            bridge.close();
        }
    }

    /**
     * The acks of a stop reach a client that reads slowly (its receive window is full, so they wait
     * in the bridge's send queue) and sent more frames after the bridge stopped reading: closing the
     * socket with those frames unread would reset the connection, and the reset destroys what is
     * still in the send queue.
     */
    @Test
    void theAcksOfAStopReachASlowReaderThatSentMoreAfterTheStop(StackEndpoints stack) throws Exception {
        IngressTopic topic = IngressTopic.create(stack, "tcp-stop-slow-reader", 1);
        int frames = 500; // 16,500 bytes of acks: more than the client's window, less than the bridge's send buffer
        IngressBridge bridge = IngressBridge.start(topic.bridgeConfig());
        int port = bridge.ports().tcp();
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096); // before connecting, so that the window is small
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            for (int i = 0; i < frames; i++) {
                out.write(FrameEncoder.encodeToArray(Frame.Data.numbered(i, text("packet " + i))));
            }
            out.flush();
            Await.until(Duration.ofSeconds(30), () -> bridge.metrics().snapshot().published() == frames,
                    () -> "every frame written to Kafka: " + bridge.metrics().snapshot());

            Thread stopper = new Thread(bridge::close, "stop-bridge");
            stopper.start();
            Await.until(Duration.ofSeconds(10), () -> refusesConnections(port), () -> "the bridge stopped reading");
            for (int i = frames; i < frames + 100; i++) { // never read by the bridge
                out.write(FrameEncoder.encodeToArray(Frame.Data.numbered(i, text("packet " + i))));
            }
            out.flush();
            stopper.join(30_000);

            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            List<Long> acked = new ArrayList<>();
            String end;
            try {
                while (true) {
                    Reply.Ack ack = assertInstanceOf(Reply.Ack.class, ReplyCodec.read(in));
                    assertEquals(acked.size(), ack.frameIndex());
                    acked.add(ack.sequence());
                }
            } catch (EOFException e) {
                end = "its end";
            } catch (IOException e) {
                end = e.toString();
            }
            assertEquals(frames, acked.size(), "the frames read before the stop are acked, then the connection ends: "
                    + acked.size() + " acks, then " + end);
            assertEquals("its end", end);
            assertEquals(LongStream.range(0, frames).boxed().toList(), acked);
        } finally {
            bridge.close();
        }
    }

    private static boolean refusesConnections(int port) {
        try (Socket probe = new Socket("127.0.0.1", port)) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static void assertSequence(long expected, CompletableFuture<Reply> reply) throws Exception {
        Reply.Ack ack = assertInstanceOf(Reply.Ack.class, reply.get(30, TimeUnit.SECONDS));
        assertEquals(expected, ack.sequence());
    }

    static Map<String, List<ConsumerRecord<String, TrafficPacket>>> groupByKey(
            List<ConsumerRecord<String, TrafficPacket>> records) {
        Map<String, List<ConsumerRecord<String, TrafficPacket>>> byFlow = new LinkedHashMap<>();
        Set<Integer> partitionsOfFlow = new HashSet<>();
        for (ConsumerRecord<String, TrafficPacket> record : records) {
            byFlow.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(record);
        }
        for (List<ConsumerRecord<String, TrafficPacket>> flowRecords : byFlow.values()) {
            partitionsOfFlow.clear();
            flowRecords.forEach(r -> partitionsOfFlow.add(r.partition()));
            assertEquals(1, partitionsOfFlow.size(), "a flow stays in one partition");
        }
        return byFlow;
    }

    static List<String> payloads(List<ConsumerRecord<String, TrafficPacket>> records) {
        List<String> payloads = new ArrayList<>();
        for (ConsumerRecord<String, TrafficPacket> record : records) {
            payloads.add(new String(bytes(record.value().getPayload()), StandardCharsets.UTF_8));
        }
        return payloads;
    }

    static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    static byte[] text(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] payload(int connection, int n) {
        return text("connection " + connection + " packet " + n);
    }
}
