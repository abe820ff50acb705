package io.understudy.schemas.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * A binary decoder that does not believe length fields: a string, a bytes value or a block of
 * collection items that claims more than the record's whole body holds is refused before anything
 * is allocated for it. Avro's own decoder allocates what a length field says (a 13-byte record
 * claiming a 1 GiB payload makes it allocate 1 GiB), so one poison record would run every node out
 * of memory at the same offset.
 *
 * <p>Collections are bounded on the assumption that every item takes at least one byte, which holds
 * for every Understudy schema (no arrays or maps of nulls or of empty records).
 */
final class BoundedDecoder extends Decoder {

    private final BinaryDecoder in;
    private final long bodyLength;

    BoundedDecoder(BinaryDecoder in, long bodyLength) {
        this.in = in;
        this.bodyLength = bodyLength;
    }

    private int length(String what) throws IOException {
        long length = in.readLong();
        if (length < 0) {
            throw new IOException("negative " + what + " length " + length);
        }
        if (length > bodyLength) {
            throw new IOException(what + " length " + length + " exceeds the whole record body (" + bodyLength
                    + " bytes)");
        }
        return (int) length;
    }

    private long items(long count) throws IOException {
        if (count > bodyLength) {
            throw new IOException("a block of " + count + " collection items exceeds the whole record body ("
                    + bodyLength + " bytes)");
        }
        return count;
    }

    @Override
    public void readNull() throws IOException {
        in.readNull();
    }

    @Override
    public boolean readBoolean() throws IOException {
        return in.readBoolean();
    }

    @Override
    public int readInt() throws IOException {
        return in.readInt();
    }

    @Override
    public long readLong() throws IOException {
        return in.readLong();
    }

    @Override
    public float readFloat() throws IOException {
        return in.readFloat();
    }

    @Override
    public double readDouble() throws IOException {
        return in.readDouble();
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        int length = length("string");
        Utf8 result = old != null ? old : new Utf8();
        result.setByteLength(length);
        if (length > 0) {
            in.readFixed(result.getBytes(), 0, length);
        }
        return result;
    }

    @Override
    public String readString() throws IOException {
        int length = length("string");
        byte[] bytes = new byte[length];
        in.readFixed(bytes, 0, length);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public void skipString() throws IOException {
        in.skipFixed(length("string"));
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        int length = length("bytes");
        ByteBuffer result = old != null && old.capacity() >= length ? old : ByteBuffer.allocate(length);
        result.clear();
        in.readFixed(result.array(), result.arrayOffset(), length);
        result.limit(length);
        return result;
    }

    @Override
    public void skipBytes() throws IOException {
        in.skipFixed(length("bytes"));
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) throws IOException {
        in.readFixed(bytes, start, length);
    }

    @Override
    public void skipFixed(int length) throws IOException {
        in.skipFixed(length);
    }

    @Override
    public int readEnum() throws IOException {
        return in.readEnum();
    }

    @Override
    public long readArrayStart() throws IOException {
        return items(in.readArrayStart());
    }

    @Override
    public long arrayNext() throws IOException {
        return items(in.arrayNext());
    }

    @Override
    public long skipArray() throws IOException {
        return in.skipArray();
    }

    @Override
    public long readMapStart() throws IOException {
        return items(in.readMapStart());
    }

    @Override
    public long mapNext() throws IOException {
        return items(in.mapNext());
    }

    @Override
    public long skipMap() throws IOException {
        return in.skipMap();
    }

    @Override
    public int readIndex() throws IOException {
        return in.readIndex();
    }
}
