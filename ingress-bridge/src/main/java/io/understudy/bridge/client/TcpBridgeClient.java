package io.understudy.bridge.client;

import io.understudy.bridge.tcp.frame.Frame;
import io.understudy.bridge.tcp.frame.FrameEncoder;
import io.understudy.bridge.tcp.frame.FrameFormat;
import io.understudy.bridge.tcp.frame.Reply;
import io.understudy.bridge.tcp.frame.ReplyCodec;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;

/**
 * A connection to the bridge's TCP endpoint that pipelines: every send returns at once with a
 * future of the frame's {@link Reply} (ACK, OPENED or ERROR), matched by frame index on a reader
 * thread. A writer thread writes queued frames in batches and flushes when the queue runs dry, so
 * a lone frame goes out at once and a burst costs few system calls. At most
 * {@code maxUnanswered} frames wait for their reply; a send beyond that blocks until replies come
 * in, so a fast sender cannot outrun the bridge without bound.
 *
 * <pre>{@code
 * try (TcpBridgeClient client = TcpBridgeClient.connect("127.0.0.1", port)) {
 *     client.open("flow-1");
 *     CompletableFuture<Reply> reply = client.send("hello".getBytes(UTF_8));
 *     Reply.Ack ack = (Reply.Ack) reply.get();   // ack.sequence(), ack.partition(), ack.offset()
 * }
 * }</pre>
 *
 * <p>Thread-safe: several threads may send on one client (frames are numbered in the order
 * their bytes are written).
 *
 * <p>Only the reader ends the connection (or {@link #close}): when writing fails, e.g. because the
 * bridge reset the connection while the endpoint was still sending, the replies the bridge wrote
 * before that may still be waiting in the socket, unread. So a failed write only stops the
 * sending; the reader reads on until the connection's end (for up to
 * {@link #READ_AFTER_WRITE_FAILURE}) and only the frames still unanswered then fail. Failing them
 * at the failed write lost hundreds of acks of frames the bridge had written to Kafka.
 */
public final class TcpBridgeClient implements AutoCloseable {

    /** Default bound on frames sent and not yet answered. */
    public static final int DEFAULT_MAX_UNANSWERED = 10_000;
    /** How long the reader may go on reading replies after writing failed, before the socket is closed. */
    static final Duration READ_AFTER_WRITE_FAILURE = Duration.ofSeconds(5);

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final Thread reader;
    private final Thread writer;
    /** Frames numbered and waiting to be written, in frame order. */
    private final BlockingQueue<ByteBuffer> outgoing = new LinkedBlockingQueue<>();
    private final Semaphore window;
    private final ConcurrentMap<Long, CompletableFuture<Reply>> unanswered = new ConcurrentHashMap<>();
    private final Object sendLock = new Object();
    private final Object drainLock = new Object();
    private long nextFrameIndex; // guarded by sendLock
    /** Why sending stopped (a failed write, the connection's end or {@link #close}); null while open. */
    private volatile IOException failure;
    /** True once no reply can come any more: every frame still unanswered fails. */
    private volatile boolean ended;
    private volatile Reply.Error connectionError;

    private TcpBridgeClient(Socket socket, int maxUnanswered) throws IOException {
        this.socket = socket;
        this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
        this.window = new Semaphore(maxUnanswered);
        this.reader = new Thread(this::readReplies, "tcp-bridge-client-reader-" + socket.getLocalPort());
        this.reader.setDaemon(true);
        this.writer = new Thread(this::writeFrames, "tcp-bridge-client-writer-" + socket.getLocalPort());
        this.writer.setDaemon(true);
        this.reader.start();
        this.writer.start();
    }

    public static TcpBridgeClient connect(String host, int port) throws IOException {
        return connect(new InetSocketAddress(host, port), DEFAULT_MAX_UNANSWERED);
    }

    public static TcpBridgeClient connect(InetSocketAddress address, int maxUnanswered) throws IOException {
        if (maxUnanswered < 1) {
            throw new IllegalArgumentException("maxUnanswered must be at least 1, was " + maxUnanswered);
        }
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(address, 10_000);
            return new TcpBridgeClient(socket, maxUnanswered);
        } catch (IOException e) {
            socket.close();
            throw new IOException("Cannot connect to the bridge at " + address + ": " + e.getMessage(), e);
        }
    }

    /** Sends OPEN: DATA frames sent after it belong to {@code flowId}. */
    public CompletableFuture<Reply> open(String flowId) {
        return send(new Frame.Open(flowId));
    }

    /** Sends DATA: a packet of the connection's flow. */
    public CompletableFuture<Reply> send(byte[] payload) {
        return send(Frame.Data.of(payload));
    }

    /** Sends DATA_WITH_FLOW: a packet of the named flow. */
    public CompletableFuture<Reply> send(String flowId, byte[] payload) {
        return send(Frame.DataWithFlow.of(flowId, payload));
    }

    /**
     * Sends a packet of the named flow that its endpoint numbered {@code sequence} (0 or more; -1
     * sends it unnumbered): nodes apply each number of a flow once, so a retry is sent with the
     * same number.
     */
    public CompletableFuture<Reply> send(String flowId, long sequence, byte[] payload) {
        return send(new Frame.DataWithFlow(flowId, java.nio.ByteBuffer.wrap(payload), sequence));
    }

    /** Sends any frame. */
    public CompletableFuture<Reply> send(Frame frame) {
        return sendEncoded(FrameEncoder.encode(frame));
    }

    /**
     * Sends bytes that the bridge will count as exactly one frame, as they are: for testing the
     * bridge with malformed frames. (Bytes that make more or fewer frames put the reply matching
     * out of step.) The buffer's content must not change until it is written.
     *
     * @return the frame's reply; completes exceptionally with an {@link IOException} when the
     *         connection ends before the bridge answers it
     */
    public CompletableFuture<Reply> sendEncoded(ByteBuffer oneFrame) {
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        try {
            window.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply.completeExceptionally(e);
            return reply;
        }
        synchronized (sendLock) { // numbering and queueing together: queue order is frame order
            long index = nextFrameIndex++;
            unanswered.put(index, reply);
            if (ended) { // after the put: an end that missed this frame in its failAll is seen here
                failAll(failure);
            } else if (failure != null) { // never written: only this frame fails, replies may still come
                failOne(index, failure);
            } else {
                outgoing.add(oneFrame.duplicate());
            }
        }
        return reply;
    }

    /** This end of the connection: the bridge names the connection's default flow after it. */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** The flow DATA frames belong to until an OPEN: {@code tcp-<address>-<port>} of this end. */
    public String defaultFlowId() {
        return "tcp-" + socket.getLocalAddress().getHostAddress() + "-" + socket.getLocalPort();
    }

    /** Frames sent so far (the index of the next one). */
    public long framesSent() {
        synchronized (sendLock) {
            return nextFrameIndex;
        }
    }

    /** Frames sent and not answered yet. */
    public int unansweredCount() {
        return unanswered.size();
    }

    /** The ERROR the bridge sent about the whole connection (e.g. too many connections), if any. */
    public Optional<Reply.Error> connectionError() {
        return Optional.ofNullable(connectionError);
    }

    /** True until sending failed or the connection ended: frames sent after that fail at once. */
    public boolean isOpen() {
        return failure == null;
    }

    /**
     * Waits until every frame sent has its reply (or the connection ended).
     *
     * @throws TimeoutException when some frames are still unanswered after {@code timeout}
     */
    public void awaitReplies(Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (drainLock) {
            while (!unanswered.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException(unanswered.size() + " frames still unanswered after " + timeout);
                }
                drainLock.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** Closes the connection; frames still unanswered complete exceptionally. */
    @Override
    public void close() {
        fail(new IOException("The client was closed"));
        writer.interrupt();
        try {
            reader.join(5_000);
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeFrames() {
        try {
            while (true) {
                write(outgoing.take());
                ByteBuffer next;
                while ((next = outgoing.poll()) != null) {
                    write(next);
                }
                out.flush();
            }
        } catch (InterruptedException e) {
            // closing
        } catch (IOException e) {
            IOException cause = new IOException("Sending to the bridge failed: " + e.getMessage(), e);
            stopSending(cause);
            try {
                reader.join(READ_AFTER_WRITE_FAILURE.toMillis()); // it reads the replies still in the socket
            } catch (InterruptedException interrupted) {
                // closing
            }
            fail(cause);
        }
    }

    private void write(ByteBuffer frame) throws IOException {
        if (frame.hasArray()) {
            out.write(frame.array(), frame.arrayOffset() + frame.position(), frame.remaining());
        } else {
            byte[] bytes = new byte[frame.remaining()];
            frame.get(bytes);
            out.write(bytes);
        }
    }

    private void readReplies() {
        try {
            while (true) {
                Reply reply = ReplyCodec.read(in);
                if (reply.frameIndex() == FrameFormat.NO_FRAME && reply instanceof Reply.Error error) {
                    connectionError = error;
                    continue; // the bridge closes the connection next; pending frames fail then
                }
                CompletableFuture<Reply> pending = unanswered.remove(reply.frameIndex());
                if (pending == null) {
                    throw new IOException("The bridge answered frame " + reply.frameIndex()
                            + ", which is not waiting for an answer: replies are out of step");
                }
                window.release();
                pending.complete(reply);
                if (unanswered.isEmpty()) {
                    synchronized (drainLock) {
                        drainLock.notifyAll();
                    }
                }
            }
        } catch (EOFException e) {
            fail(new IOException("The bridge closed the connection"
                    + (connectionError != null ? ": " + connectionError.message() : "")));
        } catch (IOException e) {
            fail(e);
        }
    }

    /** Frames sent from now on fail at once; those written keep waiting for their replies. */
    private void stopSending(IOException cause) {
        if (failure == null) {
            failure = cause;
        }
    }

    /** Ends the connection: every unanswered frame completes exceptionally with {@code cause}. */
    private void fail(IOException cause) {
        stopSending(cause);
        ended = true;
        failAll(failure);
        try {
            socket.close();
        } catch (IOException e) {
            // already failing
        }
    }

    private void failAll(IOException cause) {
        for (Long index : unanswered.keySet()) {
            failOne(index, cause);
        }
    }

    private void failOne(long index, IOException cause) {
        CompletableFuture<Reply> pending = unanswered.remove(index);
        if (pending != null) {
            window.release();
            pending.completeExceptionally(new IOException("Frame " + index + " got no reply: "
                    + cause.getMessage(), cause));
        }
        if (unanswered.isEmpty()) {
            synchronized (drainLock) {
                drainLock.notifyAll();
            }
        }
    }
}
