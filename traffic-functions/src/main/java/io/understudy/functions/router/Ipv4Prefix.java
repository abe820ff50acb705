package io.understudy.functions.router;

/**
 * An IPv4 prefix such as {@code 10.0.0.0/8}.
 *
 * @param network the first address; its host bits are zero
 * @param length  the prefix length, 0..32
 */
public record Ipv4Prefix(int network, int length) {

    public Ipv4Prefix {
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("prefix length " + length + " is not in 0..32");
        }
        if ((network & ~mask(length)) != 0) {
            throw new IllegalArgumentException(Ipv4.format(network) + "/" + length + " has host bits set (did you mean "
                    + Ipv4.format(network & mask(length)) + "/" + length + "?)");
        }
    }

    /** Parses {@code a.b.c.d/len}; the text {@code default} means {@code 0.0.0.0/0}. */
    public static Ipv4Prefix parse(String text) {
        if (text.equals("default")) {
            return new Ipv4Prefix(0, 0);
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + text + "' is not a prefix (expected a.b.c.d/len or 'default')");
        }
        String lengthText = text.substring(slash + 1);
        if (lengthText.isEmpty() || lengthText.length() > 2 || !lengthText.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("'" + text + "' has no valid prefix length (expected 0..32 after '/')");
        }
        return new Ipv4Prefix(Ipv4.parse(text.substring(0, slash)), Integer.parseInt(lengthText));
    }

    /** The netmask of a prefix length: 8 gives 0xFF000000, 0 gives 0. */
    public static int mask(int length) {
        return length == 0 ? 0 : -1 << (32 - length);
    }

    public boolean contains(int address) {
        return (address & mask(length)) == network;
    }

    /** How many addresses the prefix holds (2^(32-length)). */
    public long size() {
        return 1L << (32 - length);
    }

    @Override
    public String toString() {
        return Ipv4.format(network) + "/" + length;
    }
}
