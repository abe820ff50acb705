package io.understudy.cli.demo;

import io.understudy.bridge.client.TcpBridgeClient;
import io.understudy.bridge.tcp.frame.Reply;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Simulated first endpoints: {@code flows} flows spread over a few TCP connections to the bridge,
 * paced to {@code rate} packets per second in total. Every packet carries a {@link PayloadStamp};
 * those the bridge acknowledges (that is, Kafka acknowledged) are counted as sent.
 */
final class TrafficDriver implements AutoCloseable {

    private final List<TcpBridgeClient> connections = new ArrayList<>();
    private final int flows;
    private final int rate;
    private final int payloadSize;
    private final EgressTally tally;
    private final long[] nextSeq;
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final Thread pacer;
    private volatile boolean running = true;
    private volatile long attempted;
    private volatile long firstSendAt;
    private volatile long lastSendAt;

    TrafficDriver(String host, int port, int flows, int rate, int payloadSize, EgressTally tally) throws IOException {
        this.flows = flows;
        this.rate = rate;
        this.payloadSize = payloadSize;
        this.tally = tally;
        this.nextSeq = new long[flows];
        int connectionCount = Math.max(1, Math.min(flows, 8));
        for (int i = 0; i < connectionCount; i++) {
            connections.add(TcpBridgeClient.connect(host, port));
        }
        this.pacer = new Thread(this::pace, "traffic-driver");
        this.pacer.setDaemon(true);
    }

    static String flowId(int index) {
        return "flow-" + index;
    }

    TrafficDriver start(Duration duration) {
        firstSendAt = System.currentTimeMillis();
        long end = System.nanoTime() + duration.toNanos();
        pacer.setUncaughtExceptionHandler((t, e) -> running = false);
        pacerEnd = end;
        pacer.start();
        return this;
    }

    private volatile long pacerEnd;

    private void pace() {
        long start = System.nanoTime();
        long sent = 0;
        int flow = 0;
        while (running && System.nanoTime() < pacerEnd) {
            long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
            while (sent < due && running) {
                send(flow);
                flow = (flow + 1) % flows;
                sent++;
            }
            LockSupport.parkNanos(500_000);
        }
        attempted = sent;
        lastSendAt = System.currentTimeMillis();
        running = false;
    }

    private void send(int flow) {
        String flowId = flowId(flow);
        long seq = nextSeq[flow]++;
        byte[] payload = new PayloadStamp(flowId, seq).toPayload(payloadSize);
        TcpBridgeClient connection = connections.get(flow % connections.size());
        connection.send(flowId, payload).whenComplete((reply, error) -> {
            if (reply instanceof Reply.Ack) {
                tally.sent(flowId, seq);
                acked.incrementAndGet();
            } else {
                refused.incrementAndGet();
            }
        });
    }

    boolean running() {
        return running;
    }

    long acked() {
        return acked.get();
    }

    long refused() {
        return refused.get();
    }

    long firstSendAt() {
        return firstSendAt;
    }

    long lastSendAt() {
        return lastSendAt;
    }

    /** Waits for the pacing to end and every frame to be answered. */
    long awaitDone(Duration timeout) throws InterruptedException, TimeoutException {
        pacer.join(timeout.toMillis());
        for (TcpBridgeClient connection : connections) {
            connection.awaitReplies(timeout);
        }
        return attempted;
    }

    @Override
    public void close() {
        running = false;
        connections.forEach(TcpBridgeClient::close);
    }
}
