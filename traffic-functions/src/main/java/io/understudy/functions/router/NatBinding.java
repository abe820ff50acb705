package io.understudy.functions.router;

/**
 * The public source a flow is translated to.
 *
 * @param address the pool address, IPv4
 * @param port    the pool port
 */
public record NatBinding(int address, int port) {

    @Override
    public String toString() {
        return Ipv4.format(address) + ":" + port;
    }
}
