package io.understudy.bridge.internals.publish;

import io.understudy.records.TrafficPacket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps track of whether Kafka is reachable, from two sources: a probe, every interval, and the
 * outcome of every send. The latest evidence wins.
 *
 * <p>The probe passes when an Admin client describes the ingress topic and the producer has the
 * topic's metadata (fetching it if needed). That second half matters: while the producer lacks
 * metadata, a send blocks for {@code max.block.ms}, so {@link PacketPublisher} refuses packets
 * while Kafka is unreachable instead of sending them.
 */
final class KafkaReachability implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaReachability.class);

    private final Producer<String, TrafficPacket> producer;
    private final Admin admin;
    private final String topic;
    private final String bootstrapServers;
    private final Duration interval;
    private final Duration timeout;
    private final Thread prober;

    private volatile KafkaHealth latest;
    private volatile boolean closed;

    KafkaReachability(Producer<String, TrafficPacket> producer, Admin admin, String topic, String bootstrapServers,
                      Duration interval, Duration timeout) {
        this.producer = producer;
        this.admin = admin;
        this.topic = topic;
        this.bootstrapServers = bootstrapServers;
        this.interval = interval;
        this.timeout = timeout;
        this.latest = KafkaHealth.down("Not checked yet: no answer from Kafka at " + bootstrapServers);
        this.prober = new Thread(this::probeUntilClosed, "understudy-bridge-kafka-probe");
        this.prober.setDaemon(true);
    }

    /** Probes once (waiting at most the probe timeout, plus the producer's max.block.ms), then keeps probing in the background. */
    KafkaHealth start() {
        probe();
        prober.start();
        return latest;
    }

    KafkaHealth health() {
        return latest;
    }

    void sendSucceeded() {
        if (!latest.reachable()) { // only on a change: this runs for every acknowledged packet
            observe(KafkaHealth.up("A send to " + topic + " was acknowledged"));
        }
    }

    void sendFailed(String why) {
        observe(KafkaHealth.down(why));
    }

    /** Stops probing and closes the Admin client. */
    @Override
    public void close() {
        closed = true;
        prober.interrupt();
        try {
            prober.join(timeout.toMillis() + interval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        admin.close(Duration.ZERO);
    }

    private void probeUntilClosed() {
        while (!closed) {
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return; // closing
            }
            probe();
        }
    }

    private void probe() {
        String problem = describeTopic();
        if (problem == null) {
            problem = fetchProducerMetadata();
        }
        if (closed) {
            return;
        }
        if (problem == null) {
            observe(KafkaHealth.up("Topic " + topic + " reachable at " + bootstrapServers));
        } else {
            observe(KafkaHealth.down(problem));
        }
    }

    /** Null when the Admin client described the topic, else what went wrong. */
    private String describeTopic() {
        try {
            admin.describeTopics(List.of(topic)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "Probe interrupted";
        } catch (ExecutionException e) {
            return e.getCause() instanceof UnknownTopicOrPartitionException
                    ? "Topic " + topic + " does not exist at " + bootstrapServers + "; create it before publishing"
                    : "Kafka at " + bootstrapServers + " did not describe topic " + topic + ": " + describe(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            return "Kafka at " + bootstrapServers + " did not answer within " + timeout.toMillis() + " ms";
        } catch (RuntimeException e) {
            return "Cannot ask Kafka at " + bootstrapServers + " about topic " + topic + ": " + describe(e);
        }
    }

    /** Null once the producer has the topic's metadata (a no-op when it has it already), else why not. */
    private String fetchProducerMetadata() {
        try {
            producer.partitionsFor(topic);
            return null;
        } catch (RuntimeException e) {
            return "Kafka at " + bootstrapServers + " has not given the producer the metadata of topic " + topic
                    + ": " + describe(e);
        }
    }

    /** Records the latest evidence, logging when it changes the verdict. */
    private void observe(KafkaHealth now) {
        KafkaHealth before = latest;
        latest = now;
        if (before.reachable() && !now.reachable()) {
            log.warn("Kafka became unreachable: {}", now.detail());
        } else if (!before.reachable() && now.reachable()) {
            log.info("Kafka is reachable: {}", now.detail());
        }
    }

    static String describe(Throwable e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
