package io.understudy.harness.traffic;

import io.understudy.functions.router.FiveTuple;
import io.understudy.functions.router.RouterPacket;
import io.understudy.functions.router.TcpFlags;
import io.understudy.functions.security.client.SecureSessionClient;

/**
 * The client end of one flow: makes its packets, in the order they must be sent. Not thread-safe;
 * the generator calls it from its pacing thread only.
 */
public abstract class FlowClient {

    private final String flowId;
    private final Payloads payloads;
    private long nextSeq;
    /** The number of the next packet on the wire, a handshake included. */
    private long nextSequence;

    private FlowClient(String flowId, Payloads payloads) {
        this.flowId = flowId;
        this.payloads = payloads;
    }

    /**
     * A flow's client for a traffic function.
     *
     * @param flowIndex     the flow's number in the run (the router derives the connection from it)
     * @param nodePublicKey the security engine's public key (ignored by the others)
     */
    public static FlowClient open(ClientProtocol protocol, int flowIndex, String flowId, Payloads payloads,
                                  byte[] nodePublicKey) {
        return switch (protocol) {
            case PASSTHROUGH -> new Passthrough(flowId, payloads);
            case ROUTER -> new Router(flowId, payloads, RouterFlows.tupleOf(flowIndex));
            case SECURITY_ENGINE -> new Secure(flowId, payloads, SecureSessionClient.open(flowId, nodePublicKey));
        };
    }

    public String flowId() {
        return flowId;
    }

    /** The next packet of the flow. */
    public OutgoingPacket next() {
        OutgoingPacket handshake = handshake(nextSequence);
        if (handshake != null) {
            nextSequence++;
            return handshake;
        }
        long seq = nextSeq++;
        return packet(seq, payloads.plaintext(flowId, seq), nextSequence++);
    }

    /** A packet to send before any payload, or null. */
    OutgoingPacket handshake(long sequence) {
        return null;
    }

    abstract OutgoingPacket packet(long seq, byte[] plaintext, long sequence);

    private static final class Passthrough extends FlowClient {
        Passthrough(String flowId, Payloads payloads) {
            super(flowId, payloads);
        }

        @Override
        OutgoingPacket packet(long seq, byte[] plaintext, long sequence) {
            return new OutgoingPacket(flowId(), seq, plaintext, plaintext, "-", sequence);
        }
    }

    /** SYN with the first payload, ACK with every later one. */
    private static final class Router extends FlowClient {
        private final FiveTuple tuple;

        Router(String flowId, Payloads payloads, FiveTuple tuple) {
            super(flowId, payloads);
            this.tuple = tuple;
        }

        @Override
        OutgoingPacket packet(long seq, byte[] plaintext, long sequence) {
            RouterPacket packet = RouterPacket.of(tuple, seq == 0 ? TcpFlags.SYN : TcpFlags.ACK, plaintext);
            return new OutgoingPacket(flowId(), seq, packet.encode(), plaintext, RouterFlows.describe(packet), sequence);
        }
    }

    /** The handshake first, then each payload sealed with sequence number = its seq. */
    private static final class Secure extends FlowClient {
        private final SecureSessionClient session;
        private boolean handshakeSent;

        Secure(String flowId, Payloads payloads, SecureSessionClient session) {
            super(flowId, payloads);
            this.session = session;
        }

        @Override
        OutgoingPacket handshake(long sequence) {
            if (handshakeSent) {
                return null;
            }
            handshakeSent = true;
            return new OutgoingPacket(flowId(), -1, session.handshake(), new byte[0], "-", sequence);
        }

        @Override
        OutgoingPacket packet(long seq, byte[] plaintext, long sequence) {
            return new OutgoingPacket(flowId(), seq, session.seal(seq, plaintext), plaintext, "-", sequence);
        }
    }
}
