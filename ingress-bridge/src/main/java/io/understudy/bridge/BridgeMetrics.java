package io.understudy.bridge;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The bridge's counters, updated from every endpoint thread and the producer's callbacks.
 * Read them with {@link #snapshot()}.
 */
public final class BridgeMetrics {

    private final LongAdder received = new LongAdder();
    private final LongAdder published = new LongAdder();
    private final Map<RejectReason, LongAdder> rejected = new EnumMap<>(RejectReason.class);
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong openConnections = new AtomicLong();
    private final LongAdder acceptedConnections = new LongAdder();

    public BridgeMetrics() {
        for (RejectReason reason : RejectReason.values()) {
            rejected.put(reason, new LongAdder());
        }
    }

    /** A well-formed packet arrived and is handed to Kafka. */
    public void packetReceived() {
        received.increment();
    }

    /** The producer took a packet; it is in flight until Kafka answers. */
    public void sendStarted() {
        inFlight.incrementAndGet();
    }

    /** Kafka answered for a packet in flight, with success or not. */
    public void sendFinished(boolean acknowledged) {
        inFlight.decrementAndGet();
        if (acknowledged) {
            published.increment();
        }
    }

    /** A packet, frame or connection was refused. */
    public void rejected(RejectReason reason) {
        rejected.get(reason).increment();
    }

    /** A TCP connection was accepted (and counts against {@code tcp.max.connections}). */
    public void connectionOpened() {
        acceptedConnections.increment();
        openConnections.incrementAndGet();
    }

    /** An accepted TCP connection was closed. */
    public void connectionClosed() {
        openConnections.decrementAndGet();
    }

    /** The counters as they are now (each read on its own, so only roughly one instant). */
    public Snapshot snapshot() {
        Map<RejectReason, Long> rejectedNow = new EnumMap<>(RejectReason.class);
        rejected.forEach((reason, count) -> rejectedNow.put(reason, count.sum()));
        return new Snapshot(received.sum(), published.sum(), Collections.unmodifiableMap(rejectedNow),
                inFlight.get(), openConnections.get(), acceptedConnections.sum());
    }

    /**
     * The counters at one moment. A packet is counted once in {@code rejected} per refusal; an HTTP
     * packet answered 503 because {@code http.ack.timeout.ms} passed may still be acknowledged by
     * Kafka later, and then counts in {@code published} too.
     *
     * @param received            well-formed packets handed to Kafka, from both endpoints
     * @param published           packets Kafka acknowledged
     * @param rejected            refusals by reason (every reason present, zero included)
     * @param inFlight            packets handed to the producer and not yet answered by Kafka
     * @param openConnections     TCP connections open now
     * @param acceptedConnections TCP connections accepted since start (refused ones excluded)
     */
    public record Snapshot(long received, long published, Map<RejectReason, Long> rejected, long inFlight,
                           long openConnections, long acceptedConnections) {

        /** Refusals for one reason. */
        public long rejected(RejectReason reason) {
            return rejected.getOrDefault(reason, 0L);
        }

        /** Refusals for every reason. */
        public long rejectedTotal() {
            return rejected.values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
