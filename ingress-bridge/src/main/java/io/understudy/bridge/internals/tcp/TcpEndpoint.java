package io.understudy.bridge.internals.tcp;

import io.understudy.bridge.BridgeMetrics;
import io.understudy.bridge.RejectReason;
import io.understudy.bridge.config.BridgeConfig;
import io.understudy.bridge.internals.publish.PacketPublisher;
import io.understudy.bridge.internals.publish.PublishFailedException;
import io.understudy.bridge.internals.publish.ReceivedPacket;
import io.understudy.bridge.internals.tcp.TcpConnection.PendingReply;
import io.understudy.bridge.tcp.frame.DecodedFrame;
import io.understudy.bridge.tcp.frame.Frame;
import io.understudy.bridge.tcp.frame.FrameFormat;
import io.understudy.bridge.tcp.frame.Reply;
import io.understudy.bridge.tcp.frame.ReplyCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP endpoint (see {@link io.understudy.bridge.tcp the package} for its threads and
 * backpressure, and {@link io.understudy.bridge.tcp.frame} for the wire format).
 *
 * <p>Lifecycle: {@link #start} binds and runs; {@link #stopReading} takes no new connections or
 * frames but keeps writing replies; {@link #close} writes the replies that are ready (for a short
 * grace period) and closes every connection.
 *
 * <p>A connection the bridge ends (at the stop, or when its stream is out of step) ends
 * gracefully: its output ends after the last reply (the client reads a FIN after the replies),
 * then what the client still sends is read and dropped until the client closes its end or
 * {@link #DRAIN_GRACE} passes, and only then is the socket closed. Closing a socket whose input
 * is unread resets the connection, and the reset destroys the replies still in the bridge's send
 * queue and makes the client's next write fail, often before it has read the replies it already
 * received: a stop mid-stream lost the acks of hundreds of frames written to Kafka that way.
 */
public final class TcpEndpoint implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TcpEndpoint.class);

    private static final int READ_BUFFER_BYTES = 64 * 1024;
    private static final long SELECT_TIMEOUT_MS = 200;
    /** How long {@link #close} keeps writing replies to clients that are slow to read them. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);
    /** How long a connection whose output ended is read (and dropped) until its client closes its end. */
    private static final Duration DRAIN_GRACE = Duration.ofSeconds(2);

    private final PacketPublisher publisher;
    private final BridgeMetrics metrics;
    private final int maxFrameBytes;
    private final int maxConnections;
    private final int maxPendingFrames;

    private final Selector selector;
    private final ServerSocketChannel server;
    private final InetSocketAddress address;
    private final Thread selectorThread;
    /** Reused for every read: the decoder copies what it keeps. */
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
    /** Connections whose replies became ready on another thread; drained by the selector thread. */
    private final Queue<TcpConnection> connectionsWithReplies = new ConcurrentLinkedQueue<>();
    /** Selector thread only. */
    private final Set<TcpConnection> connections = new HashSet<>();
    /** Connections whose output ended, read until their client closes; selector thread only. */
    private final Set<TcpConnection> draining = new HashSet<>();

    private volatile boolean stopReadingRequested;
    private volatile long closeDeadlineNanos;
    private volatile boolean closeRequested;
    private boolean readingStopped; // selector thread only
    private boolean closing; // selector thread only

    private TcpEndpoint(BridgeConfig config, PacketPublisher publisher, BridgeMetrics metrics) throws IOException {
        this.publisher = publisher;
        this.metrics = metrics;
        this.maxFrameBytes = config.tcpMaxFrameBytes();
        this.maxConnections = config.tcpMaxConnections();
        this.maxPendingFrames = config.tcpMaxPendingFrames();
        this.selector = Selector.open();
        try {
            this.server = ServerSocketChannel.open();
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(new InetSocketAddress(config.tcpBindHost(), config.tcpPort()), 1024);
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            this.address = (InetSocketAddress) server.getLocalAddress();
        } catch (IOException e) {
            selector.close();
            throw new IOException("Cannot listen for TCP on " + config.tcpBindHost() + ":" + config.tcpPort()
                    + ": " + e.getMessage(), e);
        }
        this.selectorThread = new Thread(this::runLoop, "understudy-bridge-tcp");
    }

    /**
     * Binds {@code tcp.bind.host:tcp.port} and starts serving.
     *
     * @throws UncheckedIOException when the address cannot be bound (e.g. the port is taken)
     */
    public static TcpEndpoint start(BridgeConfig config, PacketPublisher publisher, BridgeMetrics metrics) {
        try {
            TcpEndpoint endpoint = new TcpEndpoint(config, publisher, metrics);
            endpoint.selectorThread.start();
            log.info("TCP endpoint listening on {}", endpoint.address);
            return endpoint;
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** The address it listens on (with the actual port when 0 was asked for). */
    public InetSocketAddress address() {
        return address;
    }

    public int port() {
        return address.getPort();
    }

    /** Takes no new connections or frames; replies to frames already read are still written. */
    public void stopReading() {
        stopReadingRequested = true;
        selector.wakeup();
    }

    /** Writes the replies that are ready (for up to a short grace period), then closes every connection. */
    @Override
    public void close() {
        stopReading();
        closeDeadlineNanos = System.nanoTime() + CLOSE_GRACE.toNanos();
        closeRequested = true;
        selector.wakeup();
        try {
            selectorThread.join(CLOSE_GRACE.toMillis() + DRAIN_GRACE.toMillis() + 5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- selector thread

    private void runLoop() {
        try {
            while (!(closing && (connections.isEmpty()
                    || System.nanoTime() > closeDeadlineNanos + DRAIN_GRACE.toNanos()))) {
                selector.select(SELECT_TIMEOUT_MS);
                if (stopReadingRequested && !readingStopped) {
                    stopReadingEverything();
                }
                if (closeRequested && !closing) {
                    endEveryConnectionWhenAnswered();
                }
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    handle(key);
                }
                TcpConnection connection;
                while ((connection = connectionsWithReplies.poll()) != null) {
                    connection.repliesQueued.set(false); // before writing: a reply ready after this queues it again
                    writeReplies(connection);
                }
                closeOverdue();
            }
        } catch (IOException | RuntimeException e) {
            log.error("TCP endpoint on {} failed; closing every connection", address, e);
        } finally {
            for (TcpConnection connection : new ArrayList<>(connections)) {
                closeNow(connection, "the bridge is stopping");
            }
            closeQuietly(server);
            closeQuietly(selector);
        }
    }

    private void endEveryConnectionWhenAnswered() {
        closing = true;
        for (TcpConnection connection : new ArrayList<>(connections)) { // writeReplies may end or close it
            connection.closeWhenAnswered = true;
            writeReplies(connection);
        }
    }

    /**
     * Closes the connections whose client has not closed its end within {@link #DRAIN_GRACE} of
     * the bridge ending its output and, at the stop, those with replies still unwritten after
     * {@link #CLOSE_GRACE}.
     */
    private void closeOverdue() {
        long now = System.nanoTime();
        if (!draining.isEmpty()) {
            for (TcpConnection connection : new ArrayList<>(draining)) {
                if (now - connection.drainDeadlineNanos > 0) {
                    closeNow(connection, "its client did not close its end after the last reply");
                }
            }
        }
        if (closing && now - closeDeadlineNanos > 0) {
            for (TcpConnection connection : new ArrayList<>(connections)) {
                if (!connection.outputEnded) {
                    closeNow(connection, "the bridge is stopping");
                }
            }
        }
    }

    private void handle(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        if (key.isAcceptable()) {
            acceptAll();
            return;
        }
        TcpConnection connection = (TcpConnection) key.attachment();
        try {
            if (connection.outputEnded) {
                if (key.isReadable()) {
                    drain(connection);
                }
                return;
            }
            if (key.isReadable()) {
                read(connection);
            }
            if (key.isValid() && key.isWritable()) {
                writeReplies(connection);
            }
        } catch (RuntimeException e) { // a bug must not take every other connection down with it
            log.error("Unexpected failure on TCP connection {}; closing it", connection, e);
            closeNow(connection, "unexpected failure: " + e);
        }
    }

    private void acceptAll() {
        while (!readingStopped) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                log.warn("Accepting a TCP connection on {} failed: {}", address, e.toString());
                return;
            }
            if (channel == null) {
                return;
            }
            if (connections.size() >= maxConnections) {
                refuse(channel);
                continue;
            }
            try {
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true); // acks are small and latency matters
                SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
                TcpConnection connection = new TcpConnection(channel, key,
                        (InetSocketAddress) channel.getRemoteAddress(), maxFrameBytes);
                key.attach(connection);
                connections.add(connection);
                metrics.connectionOpened();
                log.debug("TCP connection from {} opened", connection);
            } catch (IOException e) {
                log.warn("Cannot set up a TCP connection on {}: {}", address, e.toString());
                closeQuietly(channel);
            }
        }
    }

    /** Answers a connection over the limit with an ERROR and closes it. */
    private void refuse(SocketChannel channel) {
        metrics.rejected(RejectReason.TOO_MANY_CONNECTIONS);
        String message = "The bridge already has " + connections.size() + " TCP connections, "
                + "tcp.max.connections=" + maxConnections + "; closing this one";
        try {
            // a fresh socket's send buffer takes this small reply at once, so this blocking write does not block
            channel.write(ByteBuffer.wrap(ReplyCodec.encode(
                    Reply.Error.of(FrameFormat.NO_FRAME, RejectReason.TOO_MANY_CONNECTIONS, message))));
            channel.shutdownOutput();
        } catch (IOException e) {
            log.debug("Could not tell a refused connection why: {}", e.toString());
        }
        closeQuietly(channel);
        log.warn("Refused a TCP connection: {}", message);
    }

    private void read(TcpConnection connection) {
        readBuffer.clear();
        int read;
        try {
            read = connection.channel.read(readBuffer);
        } catch (IOException e) {
            closeNow(connection, "read failed: " + e.getMessage());
            return;
        }
        if (read < 0) {
            if (!connection.decoder.isBetweenFrames()) {
                log.debug("TCP connection {} ended in the middle of a frame; that partial frame gets no reply",
                        connection);
            }
            connection.reading = false; // a half-closed client may still be reading its replies
            connection.inputEnded = true;
            connection.closeWhenAnswered = true;
        } else {
            readBuffer.flip();
            connection.decoder.decode(readBuffer, frame -> onFrame(connection, frame));
        }
        writeReplies(connection);
    }

    private void onFrame(TcpConnection connection, DecodedFrame decoded) {
        long index = decoded.index();
        if (decoded instanceof DecodedFrame.Rejected rejected) {
            metrics.rejected(rejected.reason());
            connection.pending.add(PendingReply.answered(Reply.Error.of(index, rejected.reason(), rejected.message())));
            if (rejected.reason().closesConnection()) {
                log.warn("Closing TCP connection {}: {}", connection, rejected.message());
                connection.reading = false;
                connection.closeWhenAnswered = true;
            }
            return;
        }
        Frame frame = ((DecodedFrame.Valid) decoded).frame();
        if (frame instanceof Frame.Open open) {
            connection.flowId = open.flowId();
            connection.pending.add(PendingReply.answered(new Reply.Opened(index)));
        } else if (frame instanceof Frame.Data data) {
            publish(connection, index, connection.flowId, data.payload(), data.sequence());
        } else {
            Frame.DataWithFlow data = (Frame.DataWithFlow) frame;
            publish(connection, index, data.flowId(), data.payload(), data.sequence());
        }
    }

    private void publish(TcpConnection connection, long index, String flowId, ByteBuffer payload, long sequence) {
        PendingReply reply = new PendingReply(index);
        connection.pending.add(reply);
        publisher.publish(new ReceivedPacket(flowId, payload, connection.endpoint, System.currentTimeMillis(), sequence))
                .whenComplete((published, failure) -> {
                    // usually on the producer's thread: record the answer and leave the writing to the selector
                    if (failure == null) {
                        reply.answer = new Reply.Ack(index, published.sequence(), published.partition(),
                                published.offset());
                    } else {
                        RejectReason reason = failure instanceof PublishFailedException refused
                                ? refused.reason() : RejectReason.KAFKA_UNAVAILABLE;
                        reply.answer = Reply.Error.of(index, reason, failure.getMessage());
                    }
                    if (connection.repliesQueued.compareAndSet(false, true)) {
                        connectionsWithReplies.add(connection);
                        selector.wakeup();
                    }
                });
    }

    /**
     * Writes the connection's answered replies, in frame order, as far as the socket takes them;
     * then sets what to wait for (reading only below the pending limit, writing while bytes
     * wait) and closes the connection once it is due to close and has nothing left to answer.
     */
    private void writeReplies(TcpConnection connection) {
        if (connection.closed || connection.outputEnded) {
            return;
        }
        ByteBuffer outbound = connection.outbound;
        while (true) {
            PendingReply head;
            while ((head = connection.pending.peek()) != null && head.answer != null
                    && ReplyCodec.encodeInto(head.answer, outbound)) {
                connection.pending.poll();
            }
            if (outbound.position() == 0) {
                break;
            }
            int written;
            outbound.flip();
            try {
                written = connection.channel.write(outbound);
            } catch (IOException e) {
                closeNow(connection, "write failed: " + e.getMessage());
                return;
            } finally {
                outbound.compact();
            }
            boolean moreReady = (head = connection.pending.peek()) != null && head.answer != null;
            if (written == 0 || !moreReady) {
                break;
            }
        }
        if (connection.closeWhenAnswered && connection.fullyAnswered()) {
            endOutput(connection);
            return;
        }
        int interest = 0;
        if (connection.reading && connection.pending.size() < maxPendingFrames) {
            interest |= SelectionKey.OP_READ;
        }
        if (outbound.position() > 0) {
            interest |= SelectionKey.OP_WRITE;
        }
        if (connection.key.interestOps() != interest) {
            connection.key.interestOps(interest);
        }
    }

    /**
     * Every frame answered and the connection due to close: closes it when its input ended,
     * else ends its output and drains its input until the client closes (see the class javadoc).
     */
    private void endOutput(TcpConnection connection) {
        if (connection.inputEnded) {
            closeNow(connection, "every frame answered");
            return;
        }
        try {
            connection.channel.shutdownOutput();
        } catch (IOException e) {
            closeNow(connection, "ending its output failed: " + e.getMessage());
            return;
        }
        connection.outputEnded = true;
        connection.drainDeadlineNanos = System.nanoTime() + DRAIN_GRACE.toNanos();
        draining.add(connection);
        connection.key.interestOps(SelectionKey.OP_READ);
        drain(connection);
    }

    /**
     * Reads and drops what the client of a connection whose output ended still sends (a few reads
     * at a time, so that a client that keeps sending does not hold the selector thread); closes
     * the connection at the client's end.
     */
    private void drain(TcpConnection connection) {
        try {
            int read;
            int reads = 0;
            do {
                readBuffer.clear();
                read = connection.channel.read(readBuffer);
            } while (read > 0 && ++reads < 16);
            if (read < 0) {
                closeNow(connection, "every frame answered and its client closed");
            }
        } catch (IOException e) {
            closeNow(connection, "every frame answered; then " + e.getMessage());
        }
    }

    private void stopReadingEverything() {
        readingStopped = true;
        closeQuietly(server);
        for (TcpConnection connection : new ArrayList<>(connections)) { // writeReplies may close and remove
            connection.reading = false;
            writeReplies(connection); // updates its interest
        }
    }

    private void closeNow(TcpConnection connection, String why) {
        if (connection.closed) {
            return;
        }
        connection.closed = true;
        connection.key.cancel();
        closeQuietly(connection.channel);
        connections.remove(connection);
        draining.remove(connection);
        metrics.connectionClosed();
        if (!connection.pending.isEmpty()) {
            log.debug("TCP connection {} closed ({}) with {} frames unanswered", connection, why,
                    connection.pending.size());
        } else {
            log.debug("TCP connection {} closed ({})", connection, why);
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            log.debug("Ignoring a failure to close: {}", e.toString());
        }
    }
}
