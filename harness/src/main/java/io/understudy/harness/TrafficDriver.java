package io.understudy.harness;

import io.understudy.harness.traffic.BridgeLink;
import io.understudy.harness.traffic.Delivery;
import io.understudy.harness.traffic.OutgoingPacket;
import io.understudy.harness.traffic.ReconnectingTcpLink;
import io.understudy.harness.traffic.SentLog;
import io.understudy.harness.traffic.TrafficGenerator;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Simulated first endpoints: the {@link TrafficGenerator} of {@code understudy traffic} over TCP
 * connections to the bridge, speaking the deployment's function's protocol. Every payload carries a
 * {@link PayloadStamp}; those the bridge acknowledges (that is, Kafka acknowledged) are counted as
 * sent in the tally and recorded in the sent log.
 */
public final class TrafficDriver implements AutoCloseable {

    private final TrafficGenerator generator;

    public TrafficDriver(String host, int port, TrafficGenerator.Settings settings, EgressTally tally, SentLog log) {
        this(BridgeLink.connect(BridgeLink.Transport.TCP, host, port, connectionsFor(settings)), settings, tally, log);
    }

    /**
     * Over a link of the caller's, e.g. a {@link ReconnectingTcpLink} whose endpoints retry. The
     * packets are numbered (unless {@code settings} say not), so a retry whose first attempt reached
     * Kafka too is applied once by the nodes, and the tally counts any second copy as a duplicate.
     */
    public TrafficDriver(BridgeLink link, TrafficGenerator.Settings settings, EgressTally tally, SentLog log) {
        this.generator = new TrafficGenerator(settings, link, new TrafficGenerator.Listener() {
            @Override
            public void acknowledged(OutgoingPacket packet, Delivery delivery) {
                if (!packet.isHandshake()) {
                    tally.sent(packet.flowId(), packet.seq());
                }
                log.acknowledged(packet, delivery);
            }
        });
    }

    /** The number of TCP connections the endpoints use for {@code settings}' flows. */
    public static int connectionsFor(TrafficGenerator.Settings settings) {
        return Math.max(1, Math.min(settings.flows(), 8));
    }

    public TrafficDriver start(Duration duration) {
        generator.start(duration);
        return this;
    }

    /** Stops sending; packets in flight are still answered (see {@link #awaitDone}). */
    public void stop() {
        generator.stop();
    }

    public boolean running() {
        return generator.running();
    }

    /** Acknowledged packets that must come out of egress (handshakes do not). */
    public long acked() {
        return generator.acknowledgedPayloads();
    }

    public long refused() {
        return generator.refused();
    }

    public long firstSendAt() {
        return generator.firstSendAt();
    }

    public long lastSendAt() {
        return generator.lastSendAt();
    }

    /** Waits for the pacing to end and every packet to be answered. */
    public void awaitDone(Duration timeout) throws InterruptedException, TimeoutException {
        generator.awaitDone(timeout);
    }

    @Override
    public void close() {
        generator.close();
    }
}
