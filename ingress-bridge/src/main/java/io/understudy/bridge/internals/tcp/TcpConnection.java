package io.understudy.bridge.internals.tcp;

import io.understudy.bridge.tcp.frame.FrameDecoder;
import io.understudy.bridge.tcp.frame.Reply;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client connection's state. Everything but {@link PendingReply#answer} and
 * {@link #repliesQueued} belongs to the selector thread.
 */
final class TcpConnection {

    /** Room for a few hundred replies; when full, replies wait in {@link #pending}. */
    private static final int OUTBOUND_BYTES = 16 * 1024;

    final SocketChannel channel;
    final SelectionKey key;
    final FrameDecoder decoder;
    /** E.g. {@code tcp://127.0.0.1:50412}: the TrafficPacket.endpoint of its packets. */
    final String endpoint;
    /** The flow of DATA frames: {@code tcp-<address>-<port>} until an OPEN frame names another. */
    String flowId;
    /** One entry per frame read and not yet replied to, in frame order. */
    final ArrayDeque<PendingReply> pending = new ArrayDeque<>();
    /** Encoded replies not yet written, in write mode (position = bytes waiting). */
    final ByteBuffer outbound = ByteBuffer.allocate(OUTBOUND_BYTES);
    /** False once the client's input ended, the stream is out of step, or the bridge is stopping. */
    boolean reading = true;
    /** Close once every frame read has been replied to. */
    boolean closeWhenAnswered;
    /** The client ended its output: nothing unread can arrive, so closing resets nothing. */
    boolean inputEnded;
    /** The bridge ended its output after the last reply; input is read and dropped until the client closes. */
    boolean outputEnded;
    /** When a connection whose output ended is closed even if its client has not closed its end. */
    long drainDeadlineNanos;
    boolean closed;
    /** True while the connection sits in the endpoint's queue of connections with replies to write. */
    final AtomicBoolean repliesQueued = new AtomicBoolean();

    TcpConnection(SocketChannel channel, SelectionKey key, InetSocketAddress remote, int maxFrameBytes) {
        this.channel = channel;
        this.key = key;
        this.decoder = new FrameDecoder(maxFrameBytes);
        String address = remote.getAddress().getHostAddress();
        this.endpoint = "tcp://" + (remote.getAddress() instanceof Inet6Address ? "[" + address + "]" : address)
                + ":" + remote.getPort();
        this.flowId = "tcp-" + address + "-" + remote.getPort();
    }

    /** True when every frame read has been replied to and every reply written. */
    boolean fullyAnswered() {
        return pending.isEmpty() && outbound.position() == 0;
    }

    @Override
    public String toString() {
        return endpoint;
    }

    /** The reply to one frame: known at once (errors, OPENED) or when Kafka answers. */
    static final class PendingReply {
        final long frameIndex;
        /** Set once, by the selector thread or the producer's thread. */
        volatile Reply answer;

        PendingReply(long frameIndex) {
            this.frameIndex = frameIndex;
        }

        static PendingReply answered(Reply reply) {
            PendingReply pendingReply = new PendingReply(reply.frameIndex());
            pendingReply.answer = reply;
            return pendingReply;
        }
    }
}
