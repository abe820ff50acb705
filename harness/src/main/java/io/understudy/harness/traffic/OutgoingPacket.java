package io.understudy.harness.traffic;

/**
 * One packet a flow sends.
 *
 * @param flowId    the flow
 * @param seq       the number of its payload within the flow (0, 1, ...), the one its {@code PayloadStamp}
 *                  carries; -1 for a handshake, which carries no payload and expects no egress
 * @param wire      the bytes sent to the bridge
 * @param plaintext the payload the egress must carry (for the router, the data after the header); empty
 *                  for a handshake
 * @param detail    what else the egress is checked against: for the router the packet's header
 *                  ({@link RouterFlows#describe}); "-" otherwise
 * @param sequence  the packet's number within its flow on the wire (0, 1, ...; every packet counts,
 *                  a handshake included): what a numbered endpoint sends the bridge, and sends
 *                  again with a retry, so that nodes apply it once
 */
public record OutgoingPacket(String flowId, long seq, byte[] wire, byte[] plaintext, String detail, long sequence) {

    public boolean isHandshake() {
        return seq < 0;
    }
}
