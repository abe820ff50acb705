package io.understudy.functions.codec;

/**
 * Writes a per-flow state of a known size as fixed-width big-endian fields. The size is declared
 * up front, and {@link #toBytes()} refuses a state that was not filled exactly, so a codec cannot
 * quietly leave trailing zeros.
 */
public final class StateWriter {

    private final byte[] bytes;
    private int position;

    public StateWriter(int size) {
        this.bytes = new byte[size];
    }

    public StateWriter writeByte(int value) {
        bytes[position++] = (byte) value;
        return this;
    }

    public StateWriter writeShort(int value) {
        bytes[position++] = (byte) (value >>> 8);
        bytes[position++] = (byte) value;
        return this;
    }

    public StateWriter writeInt(int value) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            bytes[position++] = (byte) (value >>> shift);
        }
        return this;
    }

    public StateWriter writeLong(long value) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            bytes[position++] = (byte) (value >>> shift);
        }
        return this;
    }

    /** Writes bytes as they are; the reader must know their length. */
    public StateWriter writeBytes(byte[] value) {
        System.arraycopy(value, 0, bytes, position, value.length);
        position += value.length;
        return this;
    }

    public byte[] toBytes() {
        if (position != bytes.length) {
            throw new IllegalStateException("state encoding wrote " + position + " of " + bytes.length + " bytes");
        }
        return bytes;
    }
}
