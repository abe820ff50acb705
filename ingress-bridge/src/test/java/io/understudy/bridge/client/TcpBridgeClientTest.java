package io.understudy.bridge.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.bridge.tcp.frame.Frame;
import io.understudy.bridge.tcp.frame.FrameEncoder;
import io.understudy.bridge.tcp.frame.Reply;
import io.understudy.bridge.tcp.frame.ReplyCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The client against a plain socket that plays a bridge resetting the connection: what the
 * client does with replies it received before a reset does not depend on Kafka.
 */
class TcpBridgeClientTest {

    private static final int ANSWERED = 10;

    /**
     * The peer answers the first frames and closes with the client's frames unread: a reset, which
     * the client's writer meets first while the client keeps sending. The replies before the reset
     * are in the client's socket; the reader, held in a callback of the first reply (as a reader
     * that is slow to be scheduled would be), must still hand every one of them over.
     */
    @Test
    void repliesReceivedBeforeAResetAreNotLostWhenWritingFailsFirst() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket server = new ServerSocket(0, 1, loopback)) {
            TcpBridgeClient client = TcpBridgeClient.connect(new InetSocketAddress(loopback, server.getLocalPort()),
                    Integer.MAX_VALUE);
            List<CompletableFuture<Reply>> answered = new ArrayList<>();
            try (Socket peer = server.accept()) {
                for (int i = 0; i < ANSWERED; i++) {
                    answered.add(client.send(frame(i)));
                }
                CountDownLatch readerHeld = new CountDownLatch(1);
                answered.get(0).whenComplete((reply, failure) -> { // on the reader: holds it
                    readerHeld.countDown();
                    awaitSendingStopped(client);
                });
                awaitUnread(peer.getInputStream(), ANSWERED * FrameEncoder.encode(frame(0)).remaining());
                OutputStream out = peer.getOutputStream();
                for (int i = 0; i < ANSWERED; i++) {
                    out.write(ReplyCodec.encode(new Reply.Ack(i, 100 + i, 0, 1000 + i)));
                }
                out.flush();
                assertTrue(readerHeld.await(10, TimeUnit.SECONDS), "the reader got the first reply");
                peer.close(); // its input unread: a reset
            }

            List<CompletableFuture<Reply>> flood = new ArrayList<>();
            for (int i = ANSWERED; i < 1_000_000 && client.isOpen(); i++) {
                flood.add(client.send(frame(i)));
            }
            assertFalse(client.isOpen(), "writing after the reset failed");

            for (int i = 0; i < ANSWERED; i++) {
                Reply.Ack ack = assertInstanceOf(Reply.Ack.class, answered.get(i).get(30, TimeUnit.SECONDS),
                        "the reply to frame " + i + " came before the reset");
                assertEquals(100 + i, ack.sequence());
                assertEquals(1000 + i, ack.offset());
            }
            int failed = 0;
            for (CompletableFuture<Reply> future : flood) {
                try {
                    future.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    assertInstanceOf(IOException.class, e.getCause());
                    failed++;
                }
            }
            assertEquals(flood.size(), failed, "no frame after the answered ones got a reply");
            client.close();
        }
    }

    private static Frame frame(int n) {
        return Frame.Data.numbered(n, ("packet " + n).getBytes(StandardCharsets.UTF_8));
    }

    /** Waits until the peer's socket holds {@code bytes} bytes it has not read. */
    private static void awaitUnread(InputStream in, int bytes) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (in.available() < bytes) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the client's " + bytes + " bytes did not arrive: " + in.available());
            }
            Thread.sleep(1);
        }
    }

    private static void awaitSendingStopped(TcpBridgeClient client) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (client.isOpen() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
