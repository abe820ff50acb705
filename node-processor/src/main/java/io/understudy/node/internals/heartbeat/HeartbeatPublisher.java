package io.understudy.node.internals.heartbeat;

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
 * Publishes the {@link Heartbeat} of one instance of the node every interval while its stream
 * threads run, keyed {@code node/instance}: the partitions it lists are those this instance holds,
 * so the selector judges each partition by the instance that processes it ({@link #key}).
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
    private final String instanceId;
    private final String key;
    /** How logs name the sender: the node, or node/instance when the node runs as several. */
    private final String label;
    private final String incarnation;
    private final StaticInfo staticInfo;
    private final ProgressBoard board;
    private final BooleanSupplier processing;
    private final ScheduledExecutorService timer;
    private volatile long sent;
    /** The status line last logged: logged again whenever it changes. */
    private String loggedStatus = "";

    public HeartbeatPublisher(Producer<String, Heartbeat> producer, String topic, String nodeId, String instanceId,
                              String incarnation, StaticInfo staticInfo, ProgressBoard board, BooleanSupplier processing) {
        this.producer = producer;
        this.topic = topic;
        this.nodeId = nodeId;
        this.instanceId = instanceId;
        this.key = key(nodeId, instanceId);
        this.label = instanceId.equals(nodeId) ? nodeId : key;
        this.incarnation = incarnation;
        this.staticInfo = staticInfo;
        this.board = board;
        this.processing = processing;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "understudy-heartbeat-" + key.replace('/', '-'));
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The key of an instance's heartbeats: {@code node/instance}, e.g. {@code a/a1} (or {@code a/a}, one instance). */
    public static String key(String nodeId, String instanceId) {
        return nodeId + "/" + instanceId;
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
                    .setInstanceId(instanceId)
                    .setIncarnation(incarnation)
                    .setSentAt(System.currentTimeMillis())
                    .setStaticInfo(staticInfo)
                    .setPartitions(board.snapshot())
                    .build();
            String status = board.statusLine();
            if (!status.equals(loggedStatus)) {
                loggedStatus = status;
                log.info("node {} status: {}", label, status);
            }
            producer.send(new ProducerRecord<>(topic, 0, null, key, heartbeat), (metadata, error) -> {
                if (error != null) {
                    log.warn("heartbeat of node {} not delivered: {}", label, error.toString());
                }
            });
            sent++;
        } catch (RuntimeException e) {
            // a failed tick must not cancel the schedule
            log.warn("heartbeat of node {} failed: {}", label, e.toString());
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
