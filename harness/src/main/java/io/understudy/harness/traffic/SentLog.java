package io.understudy.harness.traffic;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The record of what a traffic run sent and the bridge acknowledged: UTF-8 text, one tab-separated
 * line per packet, in the order the acknowledgements came (each flow's in its own order):
 *
 * <pre>
 * # understudy traffic sent log v1
 * # function=security-engine flows=100 payload-size=100 seed=42
 * flow    seq  partition  offset  type       plaintext-sha256   detail
 * flow-0  -1   2          0       handshake  -                  -
 * flow-0  0    2          3       data       9f86d081...        -
 * </pre>
 *
 * <p>{@code seq} is the payload's number within its flow (the one its stamp carries); the digest is
 * SHA-256 of the payload the egress must carry (the plaintext the client encrypted, for the
 * security engine; the data after the header, for the router, whose header fields go in
 * {@code detail}). Refused packets are not recorded.
 */
public final class SentLog implements TrafficGenerator.Listener, AutoCloseable {

    static final String FIRST_LINE = "# understudy traffic sent log v1";
    static final String COLUMNS = "flow\tseq\tpartition\toffset\ttype\tplaintext-sha256\tdetail";
    private static final HexFormat HEX = HexFormat.of();

    private final Path file;
    private final BufferedWriter out;
    private IOException failure;
    private boolean closed;

    private SentLog(Path file, BufferedWriter out) {
        this.file = file;
        this.out = out;
    }

    /** Creates (or replaces) the file and writes its header; {@code description} goes on the second line. */
    public static SentLog create(Path file, String description) {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            out.write(FIRST_LINE + "\n# " + description + "\n" + COLUMNS + "\n");
            return new SentLog(file, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sent log " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void acknowledged(OutgoingPacket packet, Delivery delivery) {
        if (failure != null || closed) {
            return; // an answer after close cannot come from a finished run
        }
        try {
            out.write(packet.flowId() + "\t" + packet.seq() + "\t" + delivery.partition() + "\t" + delivery.offset() + "\t"
                    + (packet.isHandshake() ? "handshake\t-" : "data\t" + HEX.formatHex(sha256(packet.plaintext())))
                    + "\t" + packet.detail() + "\n");
        } catch (IOException e) {
            failure = e;
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.close();
        } catch (IOException e) {
            failure = failure == null ? e : failure;
        }
        if (failure != null) {
            throw new UncheckedIOException("writing the sent log " + file + " failed: " + failure.getMessage(), failure);
        }
    }

    /**
     * Reads a sent log.
     *
     * @throws IllegalArgumentException naming the file and line that is not in the format
     */
    public static SentPackets read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sent log " + file + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty() || !lines.get(0).equals(FIRST_LINE)) {
            throw new IllegalArgumentException(file + " is not a sent log (its first line is not '" + FIRST_LINE + "')");
        }
        SentPackets packets = new SentPackets();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("#") || line.equals(COLUMNS) || line.isBlank()) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            try {
                if (fields.length != 7) {
                    throw new IllegalArgumentException("expected 7 tab-separated fields, found " + fields.length);
                }
                boolean data = switch (fields[4]) {
                    case "data" -> true;
                    case "handshake" -> false;
                    default -> throw new IllegalArgumentException("type '" + fields[4] + "' is neither data nor handshake");
                };
                packets.add(new SentPackets.Sent(fields[0], Long.parseLong(fields[1]), Integer.parseInt(fields[2]),
                        Long.parseLong(fields[3]), data ? HEX.parseHex(fields[5]) : null, fields[6]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return packets;
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
