package io.understudy.node.heartbeat;

import io.understudy.records.Heartbeat;
import io.understudy.records.StaticInfo;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the node's {@link Heartbeat} every interval while its stream threads run.
 *
 * <p>Liveness is judged by the selector from when heartbeats arrive, so this publisher only has
 * to stop when processing stops: each tick asks {@code processing} first and sends nothing when it
 * answers false. A frozen or killed process stops it too, by construction.
 */
public final class HeartbeatPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HeartbeatPublisher.class);

    private final Producer<String, Heartbeat> producer;
    private final String topic;
    private final String nodeId;
    private final String incarnation;
    private final StaticInfo staticInfo;
    private final ProgressBoard board;
    private final BooleanSupplier processing;
    private final ScheduledExecutorService timer;
    private volatile long sent;
    /** The status line last logged: logged again whenever it changes. */
    private String loggedStatus = "";

    public HeartbeatPublisher(Producer<String, Heartbeat> producer, String topic, String nodeId, String incarnation,
                              StaticInfo staticInfo, ProgressBoard board, BooleanSupplier processing) {
        this.producer = producer;
        this.topic = topic;
        this.nodeId = nodeId;
        this.incarnation = incarnation;
        this.staticInfo = staticInfo;
        this.board = board;
        this.processing = processing;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "understudy-heartbeat-" + nodeId);
            thread.setDaemon(true);
            return thread;
        });
    }

    public void start(Duration interval) {
        timer.scheduleAtFixedRate(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Heartbeats sent so far. */
    public long sent() {
        return sent;
    }

    void tick() {
        try {
            if (!processing.getAsBoolean()) {
                return;
            }
            Heartbeat heartbeat = Heartbeat.newBuilder()
                    .setNodeId(nodeId)
                    .setIncarnation(incarnation)
                    .setSentAt(System.currentTimeMillis())
                    .setStaticInfo(staticInfo)
                    .setPartitions(board.snapshot())
                    .build();
            String status = board.statusLine();
            if (!status.equals(loggedStatus)) {
                loggedStatus = status;
                log.info("node {} status: {}", nodeId, status);
            }
            producer.send(new ProducerRecord<>(topic, 0, null, nodeId, heartbeat), (metadata, error) -> {
                if (error != null) {
                    log.warn("heartbeat of node {} not delivered: {}", nodeId, error.toString());
                }
            });
            sent++;
        } catch (RuntimeException e) {
            // a failed tick must not cancel the schedule
            log.warn("heartbeat of node {} failed: {}", nodeId, e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(2));
    }
}
