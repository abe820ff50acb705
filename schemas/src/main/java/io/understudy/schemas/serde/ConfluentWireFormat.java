package io.understudy.schemas.serde;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The Confluent wire format: byte 0 is the magic byte {@code 0x00}, bytes 1-4 the writer
 * schema's registry id (big-endian), then the record in Avro binary encoding.
 */
public final class ConfluentWireFormat {

    /** The first byte of every framed record. */
    public static final byte MAGIC_BYTE = 0x00;

    /** Magic byte plus schema id. */
    public static final int HEADER_LENGTH = 5;

    /** The first two bytes of Avro's own single-object encoding, another framing people mix up with this one. */
    static final byte[] SINGLE_OBJECT_MARKER = {(byte) 0xC3, 0x01};

    private ConfluentWireFormat() {
    }

    /** Writes the header of a record written with schema {@code schemaId}. */
    public static void writeHeader(ByteArrayOutputStream out, int schemaId) {
        out.write(MAGIC_BYTE);
        out.write(schemaId >>> 24);
        out.write(schemaId >>> 16);
        out.write(schemaId >>> 8);
        out.write(schemaId);
    }

    /** The schema id of a framed record whose header {@link #framingProblem} found sound. */
    public static int schemaId(byte[] framed) {
        return ((framed[1] & 0xFF) << 24) | ((framed[2] & 0xFF) << 16) | ((framed[3] & 0xFF) << 8) | (framed[4] & 0xFF);
    }

    /**
     * What is wrong with the header of {@code data}, if anything: empty, wrong first byte (and
     * whether it looks like Avro single-object encoding), or shorter than the header.
     */
    public static Optional<String> framingProblem(byte[] data) {
        if (data.length == 0) {
            return Optional.of("the record is empty (0 bytes), but the Confluent wire format needs at least "
                    + HEADER_LENGTH + " (magic byte 0x00 and a 4-byte schema id)");
        }
        if (data[0] != MAGIC_BYTE) {
            String problem = "wrong magic byte 0x" + hex(data[0]) + " at byte 0: the Confluent wire format starts with 0x00";
            if (data.length >= 2 && data[0] == SINGLE_OBJECT_MARKER[0] && data[1] == SINGLE_OBJECT_MARKER[1]) {
                problem += "; this record starts with C3 01, the marker of Avro single-object encoding, "
                        + "so its producer used Avro's own framing, not a schema-registry serializer";
            }
            return Optional.of(problem);
        }
        if (data.length < HEADER_LENGTH) {
            return Optional.of("truncated header: the record is " + data.length + " byte" + (data.length == 1 ? "" : "s")
                    + " long, fewer than the " + HEADER_LENGTH + " of the wire-format header "
                    + "(magic byte 0x00 and a 4-byte schema id)");
        }
        return Optional.empty();
    }

    private static String hex(byte b) {
        return HexFormat.of().withUpperCase().toHexDigits(b);
    }
}
