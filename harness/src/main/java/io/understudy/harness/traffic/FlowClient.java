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
        OutgoingPacket handshake = handshake();
        if (handshake != null) {
            return handshake;
        }
        long seq = nextSeq++;
        return packet(seq, payloads.plaintext(flowId, seq));
    }

    /** A packet to send before any payload, or null. */
    OutgoingPacket handshake() {
        return null;
    }

    abstract OutgoingPacket packet(long seq, byte[] plaintext);

    private static final class Passthrough extends FlowClient {
        Passthrough(String flowId, Payloads payloads) {
            super(flowId, payloads);
        }

        @Override
        OutgoingPacket packet(long seq, byte[] plaintext) {
            return new OutgoingPacket(flowId(), seq, plaintext, plaintext, "-");
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
        OutgoingPacket packet(long seq, byte[] plaintext) {
            RouterPacket packet = RouterPacket.of(tuple, seq == 0 ? TcpFlags.SYN : TcpFlags.ACK, plaintext);
            return new OutgoingPacket(flowId(), seq, packet.encode(), plaintext, RouterFlows.describe(packet));
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
        OutgoingPacket handshake() {
            if (handshakeSent) {
                return null;
            }
            handshakeSent = true;
            return new OutgoingPacket(flowId(), -1, session.handshake(), new byte[0], "-");
        }

        @Override
        OutgoingPacket packet(long seq, byte[] plaintext) {
            return new OutgoingPacket(flowId(), seq, session.seal(seq, plaintext), plaintext, "-");
        }
    }
}
