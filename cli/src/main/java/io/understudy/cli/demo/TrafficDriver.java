package io.understudy.cli.demo;

import io.understudy.cli.traffic.BridgeLink;
import io.understudy.cli.traffic.Delivery;
import io.understudy.cli.traffic.OutgoingPacket;
import io.understudy.cli.traffic.SentLog;
import io.understudy.cli.traffic.TrafficGenerator;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Simulated first endpoints: the {@link TrafficGenerator} of {@code understudy traffic} over TCP
 * connections to the bridge, speaking the deployment's function's protocol. Every payload carries a
 * {@link PayloadStamp}; those the bridge acknowledges (that is, Kafka acknowledged) are counted as
 * sent in the tally and recorded in the sent log.
 */
final class TrafficDriver implements AutoCloseable {

    private final TrafficGenerator generator;

    TrafficDriver(String host, int port, TrafficGenerator.Settings settings, EgressTally tally, SentLog log) {
        BridgeLink link = BridgeLink.connect(BridgeLink.Transport.TCP, host, port, Math.max(1, Math.min(settings.flows(), 8)));
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

    TrafficDriver start(Duration duration) {
        generator.start(duration);
        return this;
    }

    boolean running() {
        return generator.running();
    }

    /** Acknowledged packets that must come out of egress (handshakes do not). */
    long acked() {
        return generator.acknowledgedPayloads();
    }

    long refused() {
        return generator.refused();
    }

    long firstSendAt() {
        return generator.firstSendAt();
    }

    long lastSendAt() {
        return generator.lastSendAt();
    }

    /** Waits for the pacing to end and every packet to be answered. */
    void awaitDone(Duration timeout) throws InterruptedException, TimeoutException {
        generator.awaitDone(timeout);
    }

    @Override
    public void close() {
        generator.close();
    }
}
