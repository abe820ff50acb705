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
 */
public final class TcpEndpoint implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TcpEndpoint.class);

    private static final int READ_BUFFER_BYTES = 64 * 1024;
    private static final long SELECT_TIMEOUT_MS = 200;
    /** How long {@link #close} keeps writing replies to clients that are slow to read them. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

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

    private volatile boolean stopReadingRequested;
    private volatile long closeDeadlineNanos;
    private volatile boolean closeRequested;
    private boolean readingStopped; // selector thread only

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
            selectorThread.join(CLOSE_GRACE.toMillis() + 5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- selector thread

    private void runLoop() {
        try {
            while (!(closeRequested && (allAnswered() || System.nanoTime() > closeDeadlineNanos))) {
                selector.select(SELECT_TIMEOUT_MS);
                if (stopReadingRequested && !readingStopped) {
                    stopReadingEverything();
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

    private boolean allAnswered() {
        return connections.stream().allMatch(TcpConnection::fullyAnswered);
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
        if (connection.closed) {
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
            closeNow(connection, "every frame answered");
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
