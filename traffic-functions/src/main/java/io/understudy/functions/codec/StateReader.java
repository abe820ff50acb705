package io.understudy.functions.codec;

/**
 * Reads a per-flow state written by {@link StateWriter}. Every error names the state type, the
 * expected size and the actual size, because a wrong state found in a checkpoint or a store must
 * be traceable.
 */
public final class StateReader {

    private final String stateType;
    private final byte[] bytes;
    private int position;

    /**
     * @param stateType    what is being read, for error messages (e.g. "router flow state")
     * @param bytes        the encoded state
     * @param expectedSize the exact size the state must have
     * @throws IllegalArgumentException when the size is wrong
     */
    public StateReader(String stateType, byte[] bytes, int expectedSize) {
        if (bytes == null || bytes.length != expectedSize) {
            throw new IllegalArgumentException(stateType + ": expected " + expectedSize + " bytes, got "
                    + (bytes == null ? "null" : bytes.length));
        }
        this.stateType = stateType;
        this.bytes = bytes;
    }

    public int readUnsignedByte() {
        return bytes[position++] & 0xFF;
    }

    public int readUnsignedShort() {
        return (readUnsignedByte() << 8) | readUnsignedByte();
    }

    public int readInt() {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            value = (value << 8) | readUnsignedByte();
        }
        return value;
    }

    public long readLong() {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | readUnsignedByte();
        }
        return value;
    }

    public byte[] readBytes(int length) {
        byte[] value = new byte[length];
        System.arraycopy(bytes, position, value, 0, length);
        position += length;
        return value;
    }

    /** Checks a format marker (version byte or enum ordinal) and says which field was wrong. */
    public int readByteInRange(String field, int min, int max) {
        int value = readUnsignedByte();
        if (value < min || value > max) {
            throw corrupt(field + " is " + value + ", expected " + min + ".." + max);
        }
        return value;
    }

    public IllegalArgumentException corrupt(String reason) {
        return new IllegalArgumentException(stateType + " is corrupt: " + reason);
    }
}
