package io.understudy.functions.router;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The router's static routing table, read from a text file, answering longest-prefix-match
 * lookups. File format, one route per line:
 *
 * <pre>
 * # comment (also after a route)
 * 10.0.0.0/8      hop-a
 * 10.1.0.0/16     hop-b
 * default         hop-z     # same as 0.0.0.0/0; optional
 * </pre>
 *
 * <p>A next hop is a name of letters, digits and {@code . _ : -}. A prefix with host bits set, a
 * prefix listed twice, or a file without routes is refused with the file, the line number and the
 * reason. Addresses no route covers are unroutable.
 */
public final class RoutingTable {

    private static final Pattern NEXT_HOP = Pattern.compile("[A-Za-z0-9._:-]+");

    private final List<Route> routes;
    /** Prefix lengths present, longest first: a lookup tries only those. */
    private final int[] lengths;
    /** By prefix length: network address -> next hop. */
    private final List<Map<Integer, String>> byLength;

    private RoutingTable(List<Route> routes) {
        List<Route> sorted = new ArrayList<>(routes);
        sorted.sort(Comparator.comparingInt((Route r) -> -r.prefix().length())
                .thenComparing(r -> Integer.toUnsignedLong(r.prefix().network())));
        this.routes = List.copyOf(sorted);
        this.byLength = new ArrayList<>();
        for (int length = 0; length <= 32; length++) {
            byLength.add(new HashMap<>());
        }
        for (Route route : sorted) {
            byLength.get(route.prefix().length()).put(route.prefix().network(), route.nextHop());
        }
        this.lengths = sorted.stream().mapToInt(r -> r.prefix().length()).distinct().toArray();
    }

    /**
     * Reads a routing table file.
     *
     * @throws IllegalArgumentException when the file cannot be read or a line is wrong (file:line: reason)
     */
    public static RoutingTable load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read routing table " + file + ": " + e, e);
        }
        return parse(file.toString(), lines);
    }

    /**
     * Reads a routing table from lines of text.
     *
     * @param source what to call the lines in error messages (usually the file path)
     */
    public static RoutingTable parse(String source, List<String> lines) {
        List<Route> routes = new ArrayList<>();
        Map<Ipv4Prefix, Integer> lineOfPrefix = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNumber = i + 1;
            String line = lines.get(i);
            int comment = line.indexOf('#');
            String content = (comment >= 0 ? line.substring(0, comment) : line).strip();
            if (content.isEmpty()) {
                continue;
            }
            String[] fields = content.split("\\s+");
            if (fields.length != 2) {
                throw lineError(source, lineNumber, "expected 'PREFIX NEXT-HOP', found " + fields.length + " field(s)", line);
            }
            Ipv4Prefix prefix;
            try {
                prefix = Ipv4Prefix.parse(fields[0]);
            } catch (IllegalArgumentException e) {
                throw lineError(source, lineNumber, e.getMessage(), line);
            }
            if (!NEXT_HOP.matcher(fields[1]).matches()) {
                throw lineError(source, lineNumber, "next hop '" + fields[1] + "' may only hold letters, digits and . _ : -", line);
            }
            Integer earlier = lineOfPrefix.putIfAbsent(prefix, lineNumber);
            if (earlier != null) {
                throw lineError(source, lineNumber, "prefix " + prefix + " is already routed on line " + earlier, line);
            }
            routes.add(new Route(prefix, fields[1]));
        }
        if (routes.isEmpty()) {
            throw new IllegalArgumentException("routing table " + source + " has no routes");
        }
        return new RoutingTable(routes);
    }

    private static IllegalArgumentException lineError(String source, int lineNumber, String reason, String line) {
        return new IllegalArgumentException(source + ":" + lineNumber + ": " + reason + " (line: '" + line.strip() + "')");
    }

    /** The next hop of the longest prefix covering the address, or null when none does. */
    public String nextHop(int address) {
        for (int length : lengths) {
            String hop = byLength.get(length).get(address & Ipv4Prefix.mask(length));
            if (hop != null) {
                return hop;
            }
        }
        return null;
    }

    /** The routes, longest prefix first. */
    public List<Route> routes() {
        return routes;
    }

    /**
     * SHA-256 of the table's canonical text (one "prefix next-hop" line per route, longest prefix
     * first): equal tables give equal fingerprints whatever their comments, spacing and line order.
     */
    public String fingerprint() {
        StringBuilder canonical = new StringBuilder();
        for (Route route : routes) {
            canonical.append(route.prefix()).append(' ').append(route.nextHop()).append('\n');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return "routing-table-sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
