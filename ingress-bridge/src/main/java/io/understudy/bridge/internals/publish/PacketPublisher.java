package io.understudy.bridge.internals.publish;

import io.understudy.bridge.BridgeMetrics;
import io.understudy.bridge.PublishedPacket;
import io.understudy.bridge.RejectReason;
import io.understudy.bridge.config.BridgeConfig;
import io.understudy.records.PacketKind;
import io.understudy.records.TrafficPacket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes received packets as {@link TrafficPacket}s to the ingress topic, through one
 * idempotent {@code acks=all} producer shared by every endpoint. Thread-safe.
 *
 * <p>While Kafka is unreachable ({@link #health()}: the latest probe or send failed) packets are
 * refused at once; the probe finds out within {@code health.probe.interval.ms} when it is back.
 *
 * <p>Sequences. A packet its endpoint numbered goes to the topic with the endpoint's number, and
 * that is what its acknowledgement carries: nodes apply each number once, so the copy an endpoint's
 * retry leaves on the topic (when this bridge died between Kafka's acknowledgement and its own) is
 * dropped as a {@code duplicate-sequence}. A packet its endpoint did not number goes to the topic
 * with sequence -1, and its acknowledgement carries the flow's next number as counted by this
 * bridge: a packet the producer refuses on the spot takes no number, one that is taken and then
 * fails (Kafka unreachable until the delivery timeout) keeps it, and a restarted bridge counts from
 * 0 again.
 */
public final class PacketPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PacketPublisher.class);

    private final Producer<String, TrafficPacket> producer;
    private final KafkaReachability reachability;
    private final BridgeMetrics metrics;
    private final String topic;
    private final String bootstrapServers;
    private final FlowSequences sequences = new FlowSequences();
    private volatile boolean closed;

    /**
     * Creates the producer and checks once whether Kafka answers (waiting at most
     * {@code health.probe.timeout.ms} + {@code producer.max.block.ms}); the bridge starts either
     * way and keeps checking.
     *
     * @param valueSerializer writes TrafficPackets in the Confluent wire format; its schema id
     *                        for the topic should already be known (see {@code IngressBridge}),
     *                        since the producer calls it on the endpoints' threads
     */
    public PacketPublisher(BridgeConfig config, Serializer<TrafficPacket> valueSerializer, BridgeMetrics metrics) {
        this.metrics = metrics;
        this.topic = config.topicNames().ingress();
        this.bootstrapServers = config.bootstrapServers();
        this.producer = new KafkaProducer<>(config.producerConfigs(), new StringSerializer(), valueSerializer);
        Admin admin;
        try {
            admin = Admin.create(config.healthProbeAdminConfigs());
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        this.reachability = new KafkaReachability(producer, admin, topic, bootstrapServers,
                config.healthProbeInterval(), config.healthProbeTimeout());
        KafkaHealth health = reachability.start();
        if (!health.reachable()) {
            log.warn("Starting without Kafka: {}", health.detail());
        }
    }

    /** Binds the producer's own metrics (Kafka client metrics) to the bridge's registry. */
    public void bindTo(io.understudy.observability.RoleMetrics registry) {
        registry.bind(producer);
    }

    /** The topic packets are published to. */
    public String topic() {
        return topic;
    }

    /**
     * Hands a packet to Kafka.
     *
     * @return completes with where Kafka wrote it once Kafka acknowledged it, or exceptionally with
     *         a {@link PublishFailedException} (whose reason tells how to answer the sender). Completes
     *         on the producer's thread: callers must not block in it.
     */
    public CompletableFuture<PublishedPacket> publish(ReceivedPacket packet) {
        metrics.packetReceived();
        if (closed) {
            return refused(RejectReason.SHUTTING_DOWN, "The bridge is shutting down and takes no new packets");
        }
        KafkaHealth health = reachability.health();
        if (!health.reachable()) { // refuse at once rather than let the send block or wait for its timeout
            return refused(RejectReason.KAFKA_UNAVAILABLE, "Kafka unavailable, packet not published: "
                    + health.detail());
        }
        CompletableFuture<PublishedPacket> result = new CompletableFuture<>();
        FlowSequences.FlowSequence sequence = sequences.of(packet.flowId());
        // one lock per flow: numbering and sending in the same order keeps sequence order = offset order
        synchronized (sequence) {
            long number = packet.numbered() ? packet.sequence() : sequence.next();
            TrafficPacket value = TrafficPacket.newBuilder()
                    .setFlowId(packet.flowId())
                    .setKind(PacketKind.DATA)
                    .setPayload(packet.payload())
                    .setEndpoint(packet.endpoint())
                    .setSequence(packet.sequence())
                    .build();
            SendOutcome outcome = new SendOutcome(packet.flowId(), number, result);
            metrics.sendStarted();
            try {
                producer.send(new ProducerRecord<>(topic, null, packet.receivedAtMs(), packet.flowId(), value), outcome);
            } catch (RuntimeException e) { // serialization failure, or the producer is closed
                outcome.onCompletion(null, e);
            }
            outcome.sendReturned = true;
            if (!outcome.refusedDuringSend && !packet.numbered()) {
                sequence.advance();
            }
        }
        return result;
    }

    /** Whether Kafka is reachable, by the latest probe or send. */
    public KafkaHealth health() {
        return reachability.health();
    }

    /** Stops taking packets and waits up to {@code timeout} for those in flight to be answered. */
    public void close(Duration timeout) {
        closed = true;
        reachability.close();
        producer.close(timeout); // packets still unanswered at the timeout fail (their senders get an error)
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    private CompletableFuture<PublishedPacket> refused(RejectReason reason, String message) {
        metrics.rejected(reason);
        return CompletableFuture.failedFuture(new PublishFailedException(reason, message, null));
    }

    /** Completes one packet's future when Kafka answers, and keeps the counters and health up to date. */
    private final class SendOutcome implements Callback {
        private final String flowId;
        private final long sequence;
        private final CompletableFuture<PublishedPacket> result;
        private final Thread sendingThread = Thread.currentThread();
        /** Written and read by the sending thread only. */
        boolean sendReturned;
        boolean refusedDuringSend;

        SendOutcome(String flowId, long sequence, CompletableFuture<PublishedPacket> result) {
            this.flowId = flowId;
            this.sequence = sequence;
            this.result = result;
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception exception) {
            metrics.sendFinished(exception == null);
            if (exception == null) {
                reachability.sendSucceeded();
                result.complete(new PublishedPacket(flowId, sequence, metadata.partition(), metadata.offset(),
                        metadata.timestamp()));
                return;
            }
            // the producer calls back within send() when it refuses a record outright
            if (!sendReturned && Thread.currentThread() == sendingThread) {
                refusedDuringSend = true;
            }
            RejectReason reason = exception instanceof RecordTooLargeException
                    ? RejectReason.PAYLOAD_TOO_LARGE
                    : closed ? RejectReason.SHUTTING_DOWN : RejectReason.KAFKA_UNAVAILABLE;
            String message = "Kafka did not acknowledge packet " + sequence + " of flow " + flowId + " on topic " + topic
                    + " at " + bootstrapServers + ": " + KafkaReachability.describe(exception);
            if (reason == RejectReason.KAFKA_UNAVAILABLE) {
                reachability.sendFailed(message);
            }
            metrics.rejected(reason);
            result.completeExceptionally(new PublishFailedException(reason, message, exception));
        }
    }
}
