package io.understudy.harness.traffic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives {@code flows} flows of one traffic function's protocol through a {@link BridgeLink},
 * paced to {@code rate} packets per second in total (flows take turns), and tells a
 * {@link Listener} about every answer. A security-engine flow sends its handshake as its first
 * packet; all flows stay open (mid-session) for the whole run.
 */
public final class TrafficGenerator implements AutoCloseable {

    /**
     * @param protocol      which function's packets
     * @param flows         how many flows ({@code <flowPrefix>0}, {@code <flowPrefix>1}, ...)
     * @param rate          packets per second, in total, handshakes included
     * @param payloads      payload size and seed
     * @param nodePublicKey the security engine's public key; null for the others
     * @param flowPrefix    flow ids start with it
     * @param numbered      whether each packet carries its number within its flow ({@link
     *                      OutgoingPacket#sequence()}), so that nodes apply it once however often it
     *                      is sent; false sends packets unnumbered, as endpoints that do not number do
     */
    public record Settings(ClientProtocol protocol, int flows, int rate, Payloads payloads, byte[] nodePublicKey,
                           String flowPrefix, boolean numbered) {

        public Settings {
            if (flows < 1 || rate < 1) {
                throw new IllegalArgumentException("flows and rate must be at least 1");
            }
            if (protocol == ClientProtocol.SECURITY_ENGINE && nodePublicKey == null) {
                throw new IllegalArgumentException("the security engine's traffic needs the node's public key");
            }
        }

        /** Numbered packets. */
        public Settings(ClientProtocol protocol, int flows, int rate, Payloads payloads, byte[] nodePublicKey,
                        String flowPrefix) {
            this(protocol, flows, rate, payloads, nodePublicKey, flowPrefix, true);
        }

        /** The same settings, with packets numbered or not. */
        public Settings numbered(boolean on) {
            return new Settings(protocol, flows, rate, payloads, nodePublicKey, flowPrefix, on);
        }
    }

    /** Hears about every packet the bridge answered (on the link's threads). */
    public interface Listener {
        void acknowledged(OutgoingPacket packet, Delivery delivery);

        default void refused(OutgoingPacket packet, Delivery delivery) {
        }
    }

    private final Settings settings;
    private final BridgeLink link;
    private final Listener listener;
    private final List<FlowClient> clients = new ArrayList<>();
    private final AtomicLong acknowledgedPayloads = new AtomicLong();
    private final AtomicLong acknowledgedHandshakes = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong lastRefusalLogged = new AtomicLong();
    private final Thread pacer;
    private volatile String lastRefusal;
    private volatile boolean running = true;
    private volatile long sent;
    private volatile long firstSendAt;
    private volatile long lastSendAt;
    private volatile long pacerEnd;
    private volatile Throwable failure;

    public TrafficGenerator(Settings settings, BridgeLink link, Listener listener) {
        this.settings = settings;
        this.link = link;
        this.listener = listener;
        for (int i = 0; i < settings.flows(); i++) {
            clients.add(FlowClient.open(settings.protocol(), i, settings.flowPrefix() + i, settings.payloads(),
                    settings.nodePublicKey()));
        }
        this.pacer = new Thread(this::pace, "traffic-generator");
        this.pacer.setDaemon(true);
        this.pacer.setUncaughtExceptionHandler((thread, e) -> {
            failure = e;
            running = false;
        });
    }

    /** Starts sending for {@code duration}. */
    public TrafficGenerator start(Duration duration) {
        firstSendAt = System.currentTimeMillis();
        pacerEnd = System.nanoTime() + duration.toNanos();
        pacer.start();
        return this;
    }

    private void pace() {
        long start = System.nanoTime();
        long count = 0;
        int flow = 0;
        try {
            while (running && System.nanoTime() < pacerEnd) {
                long due = (System.nanoTime() - start) * settings.rate() / 1_000_000_000L;
                while (count < due && running) {
                    send(flow);
                    flow = (flow + 1) % clients.size();
                    count++;
                    sent = count;
                }
                LockSupport.parkNanos(500_000);
            }
        } finally {
            lastSendAt = System.currentTimeMillis();
            running = false;
        }
    }

    private void send(int flow) {
        OutgoingPacket packet = clients.get(flow).next();
        link.send(flow, packet.flowId(), settings.numbered() ? packet.sequence() : -1, packet.wire()).whenComplete((delivery, error) -> {
            if (delivery != null && delivery.acknowledged()) {
                (packet.isHandshake() ? acknowledgedHandshakes : acknowledgedPayloads).incrementAndGet();
                listener.acknowledged(packet, delivery);
            } else {
                refused.incrementAndGet();
                lastRefusal = delivery != null ? delivery.refusal() : String.valueOf(error);
                listener.refused(packet, delivery != null ? delivery : Delivery.refused(String.valueOf(error)));
            }
        });
    }

    /** Stops sending (packets in flight are still answered). */
    public void stop() {
        running = false;
    }

    /** Waits for the pacing to end and every packet to be answered; rethrows what stopped the pacer. */
    public void awaitDone(Duration timeout) throws InterruptedException, TimeoutException {
        pacer.join(timeout.toMillis());
        if (pacer.isAlive()) {
            throw new TimeoutException("the traffic generator did not finish within " + timeout);
        }
        link.awaitReplies(timeout);
        if (failure != null) {
            throw new IllegalStateException("the traffic generator failed: " + failure, failure);
        }
    }

    public boolean running() {
        return running;
    }

    /** Packets handed to the link so far (handshakes included). */
    public long sent() {
        return sent;
    }

    /** Payload-carrying packets Kafka acknowledged: each must come out of egress. */
    public long acknowledgedPayloads() {
        return acknowledgedPayloads.get();
    }

    /** Handshakes Kafka acknowledged (they open a session and produce no egress). */
    public long acknowledgedHandshakes() {
        return acknowledgedHandshakes.get();
    }

    public long refused() {
        return refused.get();
    }

    /** The latest refusal, once per call that finds a new one; null otherwise. */
    public String newRefusal() {
        long count = refused.get();
        return lastRefusalLogged.getAndSet(count) == count ? null : lastRefusal;
    }

    public long firstSendAt() {
        return firstSendAt;
    }

    public long lastSendAt() {
        return lastSendAt;
    }

    @Override
    public void close() {
        running = false;
        link.close();
    }
}
