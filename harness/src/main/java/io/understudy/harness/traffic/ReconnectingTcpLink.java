package io.understudy.harness.traffic;

import io.understudy.bridge.client.TcpBridgeClient;
import io.understudy.bridge.tcp.frame.Reply;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP link whose endpoints behave like a client that must get every packet through: a packet the
 * bridge refuses (e.g. Kafka unreachable) or leaves unanswered (the connection broke: the bridge
 * died) is sent again, with backoff, on a new connection if need be, until the bridge acknowledges
 * it or {@code giveUpAfter} has passed since its first attempt.
 *
 * <p>Each flow has one packet in flight at a time (stop and wait): its next packet leaves only once
 * the previous one was acknowledged. That is what keeps a flow's order through retries; with
 * several in flight, a refused packet retried after a later one was accepted would arrive after it.
 * The price is throughput per flow (one packet per round trip), so give the generator enough flows.
 *
 * <p>Exactly once when the packets are numbered, at least once when they are not: when the bridge
 * dies after Kafka took a packet but before its acknowledgement reached the endpoint, the retry
 * puts the packet on the ingress topic a second time. A numbered packet is retried with its number,
 * so the nodes drop that copy ({@code duplicate-sequence}); one flow in flight at a time is also
 * what that rule needs (a flow's numbers reach ingress in order). An unnumbered packet's copy is
 * processed twice. Packets acknowledged after a retry say so ({@link Delivery#attempts()} above 1).
 */
public final class ReconnectingTcpLink extends BridgeLink {

    private static final long FIRST_BACKOFF_MS = 50;
    private static final long MAX_BACKOFF_MS = 1_000;

    private final String host;
    private final int port;
    private final Duration giveUpAfter;
    private final TcpBridgeClient[] connections;
    private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();
    /** Every (re)connection, dispatch and retry runs here, so no reader thread ever blocks on a connect. */
    private final ScheduledExecutorService dispatcher = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "reconnecting-tcp-link");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong resends = new AtomicLong();
    private final AtomicLong retriedPackets = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private volatile boolean closed;

    private ReconnectingTcpLink(String host, int port, int connectionCount, Duration giveUpAfter) {
        this.host = host;
        this.port = port;
        this.giveUpAfter = giveUpAfter;
        this.connections = new TcpBridgeClient[connectionCount];
    }

    /**
     * A link to the bridge at {@code host:port}, over {@code connectionCount} connections (a flow
     * always uses the same one). Connects lazily: the bridge need not be up yet.
     */
    public static ReconnectingTcpLink to(String host, int port, int connectionCount, Duration giveUpAfter) {
        if (connectionCount < 1) {
            throw new IllegalArgumentException("connectionCount must be at least 1");
        }
        return new ReconnectingTcpLink(host, port, connectionCount, giveUpAfter);
    }

    /** One packet and its future answer. */
    private static final class Pending {
        final String flowId;
        final long sequence;
        final byte[] wire;
        final CompletableFuture<Delivery> answer = new CompletableFuture<>();
        final long firstAttemptAt = System.currentTimeMillis();
        int attempts;
        long backoffMs = FIRST_BACKOFF_MS;

        Pending(String flowId, long sequence, byte[] wire) {
            this.flowId = flowId;
            this.sequence = sequence;
            this.wire = wire;
        }
    }

    /** A flow's packets, in order; the head is in flight while {@code busy}. Guarded by the dispatcher thread. */
    private static final class Lane {
        final int connection;
        final ArrayDeque<Pending> queue = new ArrayDeque<>();
        boolean busy;

        Lane(int connection) {
            this.connection = connection;
        }
    }

    @Override
    public CompletableFuture<Delivery> send(int flowIndex, String flowId, long sequence, byte[] wire) {
        Pending pending = new Pending(flowId, sequence, wire);
        if (closed) {
            pending.answer.complete(Delivery.refused("the link is closed"));
            return pending.answer;
        }
        dispatcher.execute(() -> {
            Lane lane = lanes.computeIfAbsent(flowId, f -> new Lane(Math.floorMod(flowIndex, connections.length)));
            lane.queue.add(pending);
            if (!lane.busy) {
                attemptHead(lane);
            }
        });
        return pending.answer;
    }

    /** Sends the lane's head (on the dispatcher thread). */
    private void attemptHead(Lane lane) {
        Pending head = lane.queue.peek();
        if (head == null) {
            lane.busy = false;
            return;
        }
        lane.busy = true;
        if (closed) {
            finish(lane, head, Delivery.refused("the link is closed"));
            return;
        }
        head.attempts++;
        if (head.attempts == 2) {
            retriedPackets.incrementAndGet();
        }
        if (head.attempts > 1) {
            resends.incrementAndGet();
        }
        TcpBridgeClient connection;
        try {
            connection = connection(lane.connection);
        } catch (IOException e) {
            retryLater(lane, head, "connect: " + e.getMessage());
            return;
        }
        connection.send(head.flowId, head.sequence, head.wire).whenComplete((reply, error) -> dispatcher.execute(() -> {
            if (reply instanceof Reply.Ack ack) {
                finish(lane, head, Delivery.acknowledged(ack.partition(), ack.offset()).afterAttempts(head.attempts));
            } else if (reply instanceof Reply.Error refused) {
                retryLater(lane, head, refused.reason().map(Enum::name).orElse("code " + refused.code()) + ": "
                        + refused.message());
            } else {
                dropConnection(lane.connection, connection);
                retryLater(lane, head, error != null ? "connection: " + error.getMessage() : "unexpected reply " + reply);
            }
        }));
    }

    private void retryLater(Lane lane, Pending head, String why) {
        if (closed || System.currentTimeMillis() - head.firstAttemptAt > giveUpAfter.toMillis()) {
            finish(lane, head, Delivery.refused(why + " (gave up after " + head.attempts + " attempts)")
                    .afterAttempts(head.attempts));
            return;
        }
        long delay = head.backoffMs;
        head.backoffMs = Math.min(MAX_BACKOFF_MS, head.backoffMs * 2);
        dispatcher.schedule(() -> attemptHead(lane), delay, TimeUnit.MILLISECONDS);
    }

    private void finish(Lane lane, Pending head, Delivery delivery) {
        lane.queue.poll();
        head.answer.complete(delivery);
        attemptHead(lane);
    }

    private TcpBridgeClient connection(int index) throws IOException {
        TcpBridgeClient current = connections[index];
        if (current != null && current.isOpen()) {
            return current;
        }
        if (current != null) {
            current.close();
            reconnects.incrementAndGet();
        }
        connections[index] = null;
        TcpBridgeClient fresh = TcpBridgeClient.connect(host, port);
        connections[index] = fresh;
        return fresh;
    }

    private void dropConnection(int index, TcpBridgeClient broken) {
        if (connections[index] == broken) {
            broken.close();
            connections[index] = null;
            reconnects.incrementAndGet();
        }
    }

    /** Packets sent more than once. */
    public long retriedPackets() {
        return retriedPackets.get();
    }

    /** Attempts after the first, over every packet. */
    public long resends() {
        return resends.get();
    }

    /** Connections replaced after they broke. */
    public long reconnects() {
        return reconnects.get();
    }

    @Override
    public void awaitReplies(Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            CompletableFuture<Boolean> idle = new CompletableFuture<>();
            dispatcher.execute(() -> idle.complete(lanes.values().stream().allMatch(lane -> lane.queue.isEmpty())));
            try {
                if (idle.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    return;
                }
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("packets still unanswered after " + timeout);
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        closed = true;
        dispatcher.execute(() -> {
            for (int i = 0; i < connections.length; i++) {
                if (connections[i] != null) {
                    connections[i].close();
                    connections[i] = null;
                }
            }
        });
        dispatcher.shutdown();
        try {
            dispatcher.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Pending> left = new ArrayList<>();
        lanes.values().forEach(lane -> left.addAll(lane.queue));
        left.forEach(p -> p.answer.complete(Delivery.refused("the link is closed")));
    }
}
