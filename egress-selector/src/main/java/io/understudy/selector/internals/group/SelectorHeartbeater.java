package io.understudy.selector.internals.group;

import io.understudy.records.SelectorHeartbeat;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes this selector instance's heartbeat, naming the shards it owns, every interval. The
 * broker stamps it (LogAppendTime); the instance reads its own heartbeats back like everyone
 * else's, which is how it knows it is itself alive in the group's eyes.
 */
public final class SelectorHeartbeater implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SelectorHeartbeater.class);

    private final Producer<String, SelectorHeartbeat> producer;
    private final String topic;
    private final SelectorGroup group;
    private final String incarnation = UUID.randomUUID().toString();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "understudy-selector-heartbeat");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong failures = new AtomicLong();

    public SelectorHeartbeater(Producer<String, SelectorHeartbeat> producer, String topic, SelectorGroup group) {
        this.producer = producer;
        this.topic = topic;
        this.group = group;
    }

    public SelectorHeartbeater start(Duration interval) {
        timer.scheduleAtFixedRate(this::beat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void beat() {
        try {
            SelectorHeartbeat heartbeat = group.heartbeat(incarnation);
            producer.send(new ProducerRecord<>(topic, 0, heartbeat.getInstanceId(), heartbeat), (metadata, error) -> {
                if (error != null && failures.getAndIncrement() % 100 == 0) {
                    log.warn("selector heartbeat not written: {}", error.toString());
                }
            });
        } catch (RuntimeException e) {
            if (failures.getAndIncrement() % 100 == 0) {
                log.warn("selector heartbeat not sent: {}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        producer.close(Duration.ofSeconds(1));
    }
}
