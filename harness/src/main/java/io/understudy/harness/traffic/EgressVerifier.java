package io.understudy.harness.traffic;

import io.understudy.functions.router.FiveTuple;
import io.understudy.functions.router.Ipv4;
import io.understudy.functions.router.NatBinding;
import io.understudy.functions.router.RouterConfig;
import io.understudy.functions.router.RouterPacket;
import io.understudy.harness.PayloadStamp;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks an egress payload against what the client sent ({@link SentPackets}), byte for byte:
 *
 * <ul>
 *   <li>passthrough: the payload is the one sent;</li>
 *   <li>security-engine: the payload is the plaintext the client encrypted (the node decrypted it);</li>
 *   <li>router: the payload is a router packet whose data is the one sent, whose protocol, flags and
 *       destination are the ones sent, whose source is the flow's NAT binding in the router's pool,
 *       and the egress destination is the next hop the routing table gives its destination.</li>
 * </ul>
 */
public final class EgressVerifier {

    private final ClientProtocol protocol;
    private final SentPackets sent;
    private final RouterConfig router;

    /**
     * @param router the routers' static configuration (routing table, NAT pool); null unless {@code protocol} is ROUTER
     */
    public EgressVerifier(ClientProtocol protocol, SentPackets sent, RouterConfig router) {
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.sent = Objects.requireNonNull(sent, "sent");
        if (protocol == ClientProtocol.ROUTER && router == null) {
            throw new IllegalArgumentException("checking a router's egress needs its routing table and NAT pool");
        }
        this.router = router;
    }

    public SentPackets sent() {
        return sent;
    }

    /** The stamp of an egress payload (for the router, of its data), if it has one. */
    public Optional<PayloadStamp> stampOf(byte[] payload) {
        byte[] plaintext = plaintextOf(payload);
        return plaintext == null ? Optional.empty() : PayloadStamp.read(plaintext);
    }

    /**
     * Why an egress payload is not what the client sent, or null when it is exactly that.
     *
     * @param destination the egress record's destination (null when the function does not route)
     */
    public String mismatch(byte[] payload, String destination) {
        Optional<PayloadStamp> stamp = stampOf(payload);
        if (stamp.isEmpty()) {
            return "no payload stamp in " + payload.length + " bytes"
                    + (protocol == ClientProtocol.ROUTER ? " (or not a router packet)" : "");
        }
        SentPackets.Sent sentPacket = sent.get(stamp.get().flowId(), stamp.get().seq());
        if (sentPacket == null) {
            return stamp.get() + " was never acknowledged";
        }
        byte[] plaintext = plaintextOf(payload);
        if (!MessageDigest.isEqual(SentLog.sha256(plaintext), sentPacket.plaintextSha256())) {
            return stamp.get() + ": payload differs from what the client sent";
        }
        if (protocol == ClientProtocol.ROUTER) {
            return routedMismatch(RouterPacket.parse(payload), sentPacket, destination);
        }
        return destination == null ? null : stamp.get() + ": unexpected destination " + destination;
    }

    private String routedMismatch(RouterPacket egress, SentPackets.Sent sentPacket, String destination) {
        RouterPacket original = RouterFlows.parseDescription(sentPacket.detail());
        String what = sentPacket.flowId() + "#" + sentPacket.seq();
        if (egress.protocol() != original.protocol() || egress.flags() != original.flags()
                || egress.destinationAddress() != original.destinationAddress()
                || egress.destinationPort() != original.destinationPort()) {
            return what + ": header changed from [" + sentPacket.detail() + "] to [" + RouterFlows.describe(egress) + "]";
        }
        FiveTuple tuple = original.fiveTuple();
        NatBinding binding = router.natPool().bindingFor(tuple);
        if (egress.sourceAddress() != binding.address() || egress.sourcePort() != binding.port()) {
            return what + ": source " + Ipv4.format(egress.sourceAddress()) + ":" + egress.sourcePort()
                    + " is not the flow's NAT binding " + binding;
        }
        String nextHop = router.table().nextHop(original.destinationAddress());
        if (!Objects.equals(nextHop, destination)) {
            return what + ": routed to " + destination + ", the table says " + nextHop + " for "
                    + Ipv4.format(original.destinationAddress());
        }
        return null;
    }

    private byte[] plaintextOf(byte[] payload) {
        if (protocol != ClientProtocol.ROUTER) {
            return payload;
        }
        try {
            return RouterPacket.parse(payload).data();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
