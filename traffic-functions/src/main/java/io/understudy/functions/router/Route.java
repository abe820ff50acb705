package io.understudy.functions.router;

/**
 * One line of the routing table.
 *
 * @param prefix  the destinations it covers
 * @param nextHop where matching packets go (the {@link io.understudy.api.Emission#destination()})
 */
public record Route(Ipv4Prefix prefix, String nextHop) {

    @Override
    public String toString() {
        return (prefix.length() == 0 ? "default" : prefix.toString()) + " " + nextHop;
    }
}
