package io.understudy.functions.router;

/**
 * Connection tracking from the flags of the packets of one direction (the router sees the
 * initiator's packets only).
 *
 * <p>Valid TCP flag combinations: SYN, ACK, FIN, FIN|ACK, RST, RST|ACK. Anything else — no flag,
 * SYN with FIN, RST or ACK (a SYN|ACK comes from the responder, which this direction never is),
 * FIN with RST, an undefined bit — is an invalid combination. UDP packets carry no flags.
 *
 * <pre>
 * TCP          SYN           ACK           FIN       RST
 * (none)       NEW           drop          drop      drop      (no connection / expired)
 * NEW          NEW           ESTABLISHED   CLOSING   CLOSED
 * ESTABLISHED  drop          ESTABLISHED   CLOSING   CLOSED    (drop: SYN on open connection)
 * CLOSING      drop          CLOSED        CLOSING   CLOSED    (ACK after FIN is the last ACK)
 * CLOSED       NEW           drop          drop      drop      (connection closed)
 *
 * UDP: (none) -> NEW -> ESTABLISHED -> ESTABLISHED ...; only idle expiry ends it.
 * </pre>
 */
public final class ConnectionTracker {

    /**
     * The result of one packet: the connection's next state, or why the packet is dropped.
     *
     * @param next the state after the packet, null when dropped
     * @param drop the reason, null when the packet passes
     */
    public record Transition(ConnectionState next, RouterDropReason drop) {

        static Transition to(ConnectionState next) {
            return new Transition(next, null);
        }

        static Transition dropped(RouterDropReason reason) {
            return new Transition(null, reason);
        }

        public boolean dropped() {
            return drop != null;
        }
    }

    private enum TcpEvent { SYN, ACK, FIN, RST }

    private ConnectionTracker() {
    }

    /** Whether the router handles the protocol at all. */
    public static boolean supports(int protocol) {
        return protocol == RouterPacket.TCP || protocol == RouterPacket.UDP;
    }

    /**
     * The transition for one packet of a supported protocol.
     *
     * @param current  the connection's state, or null when there is none
     * @param expired  true when there was a connection, now forgotten for being idle too long
     *                 ({@code current} is then null); only changes the drop reason
     * @param protocol {@link RouterPacket#TCP} or {@link RouterPacket#UDP}
     * @param flags    the packet's flags
     */
    public static Transition next(ConnectionState current, boolean expired, int protocol, int flags) {
        if (protocol == RouterPacket.UDP) {
            if (flags != 0) {
                return Transition.dropped(RouterDropReason.INVALID_FLAGS);
            }
            return Transition.to(current == null ? ConnectionState.NEW : ConnectionState.ESTABLISHED);
        }
        TcpEvent event = classify(flags);
        if (event == null) {
            return Transition.dropped(RouterDropReason.INVALID_FLAGS);
        }
        if (current == null || current == ConnectionState.CLOSED) {
            if (event == TcpEvent.SYN) {
                return Transition.to(ConnectionState.NEW);
            }
            return Transition.dropped(current == ConnectionState.CLOSED ? RouterDropReason.CONNECTION_CLOSED
                    : expired ? RouterDropReason.CONNECTION_EXPIRED : RouterDropReason.NO_CONNECTION);
        }
        return switch (event) {
            case SYN -> current == ConnectionState.NEW
                    ? Transition.to(ConnectionState.NEW) // retransmitted SYN
                    : Transition.dropped(RouterDropReason.SYN_ON_OPEN_CONNECTION);
            case ACK -> Transition.to(current == ConnectionState.CLOSING ? ConnectionState.CLOSED : ConnectionState.ESTABLISHED);
            case FIN -> Transition.to(ConnectionState.CLOSING);
            case RST -> Transition.to(ConnectionState.CLOSED);
        };
    }

    /** The event a valid flag combination stands for, or null for an invalid combination. */
    private static TcpEvent classify(int flags) {
        return switch (flags) {
            case TcpFlags.SYN -> TcpEvent.SYN;
            case TcpFlags.ACK -> TcpEvent.ACK;
            case TcpFlags.FIN, TcpFlags.FIN | TcpFlags.ACK -> TcpEvent.FIN;
            case TcpFlags.RST, TcpFlags.RST | TcpFlags.ACK -> TcpEvent.RST;
            default -> null;
        };
    }
}
