package io.understudy.functions.router;

import io.understudy.api.Emission;
import io.understudy.api.Outcome;
import io.understudy.api.Packet;
import io.understudy.api.StateCodec;
import io.understudy.api.TrafficFunction;

/**
 * Routes, tracks and source-translates {@link RouterPacket}s. For each packet, in this order:
 *
 * <ol>
 *   <li>a control record, a malformed header or a protocol other than TCP/UDP is dropped;</li>
 *   <li>a flow idle for more than the idle timeout (by record time) is forgotten: the packet is
 *       judged as the first of a new connection;</li>
 *   <li>a packet whose 5-tuple differs from the flow's is dropped;</li>
 *   <li>{@link ConnectionTracker} moves the connection on, or drops the packet (invalid flags,
 *       no connection, closed, SYN on an open connection);</li>
 *   <li>the destination is looked up (longest prefix match); no route drops the packet;</li>
 *   <li>the packet is forwarded to the next hop with its source replaced by the flow's
 *       {@link NatBinding}, chosen once when the connection opens.</li>
 * </ol>
 *
 * <p>A drop leaves the flow's state as it was (an idle-expired one is forgotten): garbage does not
 * keep a connection alive.
 */
public final class RouterFunction implements TrafficFunction<RouterFlowState> {

    public static final String NAME = "router";
    public static final String VERSION = "1";

    private final RouterConfig config;

    public RouterFunction(RouterConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return VERSION;
    }

    /** The routing table's content fingerprint (its settings are fingerprinted by the node). */
    @Override
    public String configFingerprint() {
        // everything that changes outputs; never the table's path, which differs between machines
        return config.table().fingerprint() + ";nat-pool=" + config.natPool() + ";idle-timeout-ms="
                + config.idleTimeoutMs();
    }

    @Override
    public StateCodec<RouterFlowState> stateCodec() {
        return RouterFlowState.CODEC;
    }

    @Override
    public Outcome<RouterFlowState> process(RouterFlowState state, Packet packet) {
        if (packet.control()) {
            return drop(state, RouterDropReason.CONTROL_RECORD);
        }
        byte[] wire = packet.payload();
        RouterPacket parsed;
        try {
            parsed = RouterPacket.parse(wire);
        } catch (IllegalArgumentException e) {
            return drop(state, RouterDropReason.MALFORMED_HEADER);
        }
        if (!ConnectionTracker.supports(parsed.protocol())) {
            return drop(state, RouterDropReason.UNSUPPORTED_PROTOCOL);
        }
        boolean expired = state != null && packet.timestamp() - state.lastSeen() > config.idleTimeoutMs();
        RouterFlowState live = expired ? null : state;
        FiveTuple tuple = parsed.fiveTuple();
        if (live != null && !live.tuple().equals(tuple)) {
            return drop(live, RouterDropReason.TUPLE_CHANGED);
        }
        ConnectionTracker.Transition transition = ConnectionTracker.next(
                live == null ? null : live.connection(), expired, parsed.protocol(), parsed.flags());
        if (transition.dropped()) {
            return drop(live, transition.drop());
        }
        String nextHop = config.table().nextHop(parsed.destinationAddress());
        if (nextHop == null) {
            return drop(live, RouterDropReason.UNROUTABLE);
        }
        RouterFlowState next;
        if (live == null || live.connection() == ConnectionState.CLOSED) {
            next = new RouterFlowState(transition.next(), tuple, config.natPool().bindingFor(tuple),
                    packet.timestamp(), 1, wire.length);
        } else {
            next = new RouterFlowState(transition.next(), tuple, live.nat(),
                    Math.max(live.lastSeen(), packet.timestamp()), live.packets() + 1, live.bytes() + wire.length);
        }
        return Outcome.forward(next, new Emission(RouterPacket.withSource(wire, next.nat()), nextHop));
    }

    private static Outcome<RouterFlowState> drop(RouterFlowState state, RouterDropReason reason) {
        return Outcome.drop(state, reason.phrase());
    }
}
