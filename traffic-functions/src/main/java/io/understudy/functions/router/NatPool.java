package io.understudy.functions.router;

/**
 * The public addresses and ports flows are translated to, and the deterministic choice of a
 * flow's binding.
 *
 * <p>The binding is a pure function of the flow's 5-tuple and the pool: every node that sees the
 * flow picks the same one, with no coordination and no partition-wide allocation table. The
 * tuple's 13 bytes (protocol, source address, destination address, source port, destination
 * port; big-endian) are hashed with 64-bit FNV-1a followed by the MurmurHash3 finalizer, and the
 * hash, taken modulo (addresses x ports), picks the slot {@code address = first + slot / ports},
 * {@code port = firstPort + slot % ports}.
 *
 * <p>Collisions are possible by design: two flows may get the same binding. They matter to the
 * return path only when the two flows also share destination address, destination port and
 * protocol (return traffic is told apart by the full tuple), which with a /28 of 64512 ports is
 * about one in a million per pair of concurrent flows to the same service. A collision-free
 * allocation would need state shared by all flows of a partition, which the per-flow API does not
 * give, and would make a flow's binding depend on the order other flows arrived in.
 *
 * @param addresses the pool's addresses (every address of the prefix is used)
 * @param firstPort the lowest port, 1..65535
 * @param lastPort  the highest port, firstPort..65535
 */
public record NatPool(Ipv4Prefix addresses, int firstPort, int lastPort) {

    private static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    public NatPool {
        if (firstPort < 1 || lastPort > 0xFFFF || firstPort > lastPort) {
            throw new IllegalArgumentException("port range " + firstPort + "-" + lastPort + " is not within 1-65535, low-high");
        }
    }

    /** Reads the {@code function.router.nat-ports} text {@code low-high}, e.g. {@code 1024-65535}. */
    static int[] parsePortRange(String text) {
        String[] bounds = text.split("-", -1);
        if (bounds.length != 2) {
            throw new IllegalArgumentException("expected low-high, e.g. 1024-65535");
        }
        try {
            return new int[] {Integer.parseInt(bounds[0].strip()), Integer.parseInt(bounds[1].strip())};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected low-high, e.g. 1024-65535");
        }
    }

    public long slots() {
        return addresses.size() * portCount();
    }

    private int portCount() {
        return lastPort - firstPort + 1;
    }

    public NatBinding bindingFor(FiveTuple tuple) {
        long hash = FNV_OFFSET_BASIS;
        hash = mix(hash, tuple.protocol(), 1);
        hash = mix(hash, tuple.sourceAddress(), 4);
        hash = mix(hash, tuple.destinationAddress(), 4);
        hash = mix(hash, tuple.sourcePort(), 2);
        hash = mix(hash, tuple.destinationPort(), 2);
        long slot = Long.remainderUnsigned(finish(hash), slots());
        return new NatBinding(addresses.network() + (int) (slot / portCount()), firstPort + (int) (slot % portCount()));
    }

    /** FNV-1a over the value's low {@code bytes} bytes, most significant first. */
    private static long mix(long hash, int value, int bytes) {
        for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
            hash ^= (value >>> shift) & 0xFF;
            hash *= FNV_PRIME;
        }
        return hash;
    }

    /** MurmurHash3's fmix64: spreads FNV's weak high bits over the whole word before the modulo. */
    private static long finish(long hash) {
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        hash ^= hash >>> 33;
        hash *= 0xc4ceb9fe1a85ec53L;
        hash ^= hash >>> 33;
        return hash;
    }

    @Override
    public String toString() {
        return addresses + " ports " + firstPort + "-" + lastPort;
    }
}
