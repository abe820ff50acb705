package io.understudy.functions.router;

/**
 * What identifies a connection: protocol, source and destination address and port.
 *
 * @param protocol           IP protocol number ({@link RouterPacket#TCP}, {@link RouterPacket#UDP})
 * @param sourceAddress      IPv4 source address
 * @param destinationAddress IPv4 destination address
 * @param sourcePort         source port, 0..65535
 * @param destinationPort    destination port, 0..65535
 */
public record FiveTuple(int protocol, int sourceAddress, int destinationAddress, int sourcePort, int destinationPort) {

    @Override
    public String toString() {
        return "proto " + protocol + " " + Ipv4.format(sourceAddress) + ":" + sourcePort + " -> "
                + Ipv4.format(destinationAddress) + ":" + destinationPort;
    }
}
