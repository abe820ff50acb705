package io.understudy.functions.router;

/** IPv4 addresses as {@code int}s (network byte order, so 10.0.0.1 is 0x0A000001) and their dotted text. */
public final class Ipv4 {

    private Ipv4() {
    }

    /**
     * Parses a dotted-quad address ("10.0.0.1").
     *
     * @throws IllegalArgumentException naming the text and what is wrong with it
     */
    public static int parse(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 address (expected 4 dot-separated numbers)");
        }
        int address = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("'" + text + "' is not an IPv4 address ('" + part + "' is not a number 0-255)");
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw new IllegalArgumentException("'" + text + "' is not an IPv4 address (" + octet + " > 255)");
            }
            address = (address << 8) | octet;
        }
        return address;
    }

    public static String format(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "." + (address & 0xFF);
    }
}
