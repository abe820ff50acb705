package io.understudy.bench.harness;

import io.understudy.records.PacketKind;
import io.understudy.records.TrafficPacket;
import io.understudy.schemas.registry.SchemaRegistry;
import io.understudy.schemas.serde.AvroSerde;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces stamped packets straight to a system's ingress topic (no ingress bridge in front: the
 * benchmark measures the pipeline behind the ingress topic, the same for every system). Flows take
 * turns; each packet's sequence continues its flow's. Every acknowledgement goes to the counter.
 */
final class LoadGenerator implements AutoCloseable {

    private final KafkaProducer<String, TrafficPacket> producer;
    private final String topic;
    private final EgressCounter counter;
    private final String[] flows;
    private final long[] nextSeq;
    private final int payloadSize;
    private final AtomicLong refused = new AtomicLong();
    private volatile RuntimeException sendFailure;
    private long sent;
    private int turn;

    LoadGenerator(String bootstrapServers, SchemaRegistry registry, String topic, int flowCount, int payloadSize,
                  EgressCounter counter) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-load-" + topic);
        this.producer = new KafkaProducer<>(settings, new StringSerializer(),
                AvroSerde.forValues(TrafficPacket.class, registry).serializer());
        this.topic = topic;
        this.counter = counter;
        this.flows = new String[flowCount];
        for (int i = 0; i < flowCount; i++) {
            flows[i] = "f" + i;
        }
        this.nextSeq = new long[flowCount];
        this.payloadSize = payloadSize;
    }

    long sent() {
        return sent;
    }

    long refused() {
        return refused.get();
    }

    /** Sends {@code rate} packets per second for {@code duration}, on schedule (open loop); returns how many. */
    long runAtRate(int phase, int rate, Duration duration) {
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long inPhase = 0;
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                break;
            }
            long due = (now - start) * rate / 1_000_000_000L;
            while (inPhase < due) {
                send(phase, start + inPhase * 1_000_000_000L / rate);
                inPhase++;
            }
            LockSupport.parkNanos(500_000);
        }
        producer.flush();
        check();
        return inPhase;
    }

    /**
     * Sends as fast as the system takes packets, for {@code duration}: as many as it can while no more
     * than {@code maxOutstanding} acknowledged packets wait for egress, so the system is never idle
     * and the backlog stays bounded. Returns how many it sent.
     */
    long runSaturated(int phase, Duration duration, long maxOutstanding, LongSupplier egressed) {
        long end = System.nanoTime() + duration.toNanos();
        long before = sent;
        while (System.nanoTime() < end) {
            if (sent - egressed.getAsLong() >= maxOutstanding) {
                LockSupport.parkNanos(200_000);
                continue;
            }
            for (int i = 0; i < 100; i++) {
                send(phase, System.nanoTime());
            }
        }
        producer.flush();
        check();
        return sent - before;
    }

    private void send(int phase, long dueNanos) {
        int flow = turn;
        turn = (turn + 1) % flows.length;
        long seq = nextSeq[flow]++;
        String flowId = flows[flow];
        byte[] payload = new BenchStamp(flowId, seq, phase, dueNanos).toPayload(payloadSize);
        TrafficPacket packet = TrafficPacket.newBuilder()
                .setFlowId(flowId).setKind(PacketKind.DATA).setPayload(ByteBuffer.wrap(payload))
                .setEndpoint("bench").setSequence(seq).build();
        sent++;
        producer.send(new ProducerRecord<>(topic, flowId, packet), (metadata, error) -> {
            if (error == null) {
                counter.acked(flowId, seq);
            } else {
                refused.incrementAndGet();
                if (sendFailure == null && refused.get() > 1_000) {
                    sendFailure = new IllegalStateException("the broker refused over 1,000 packets: " + error, error);
                }
            }
        });
    }

    private void check() {
        if (sendFailure != null) {
            throw sendFailure;
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
