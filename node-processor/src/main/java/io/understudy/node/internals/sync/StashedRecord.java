package io.understudy.node.internals.sync;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * An ingress record as an unsynced partition keeps it until it may process it: raw key and value
 * bytes, as read, so that the replay decodes them exactly as live processing would.
 *
 * <p>Each record also says which ingress offset its task's consumer handed over just before it
 * ({@code after}), so that a replay can check that the stash is a complete run of the partition:
 * Kafka offsets are not contiguous (transaction markers take offsets), so only the consumer knows
 * whether nothing came between two stashed records.
 *
 * <p>Stored layout: timestamp (8 bytes), key length (4, -1 for null) and key (UTF-8), value
 * length (4, -1 for null) and value, then {@code after} (8; absent in stashes written before it
 * existed, read as -1); all big-endian.
 *
 * @param offset    ingress offset
 * @param after     the ingress offset the consumer handed over just before this one, or -1 if unknown
 * @param key       record key (the flow id), or null
 * @param value     record value, or null
 * @param timestamp record timestamp
 */
public record StashedRecord(long offset, long after, String key, byte[] value, long timestamp) {

    byte[] encode() {
        byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
        int size = 8 + 4 + (keyBytes == null ? 0 : keyBytes.length) + 4 + (value == null ? 0 : value.length) + 8;
        ByteBuffer buffer = ByteBuffer.allocate(size).putLong(timestamp);
        putBytes(buffer, keyBytes);
        putBytes(buffer, value);
        buffer.putLong(after);
        return buffer.array();
    }

    static StashedRecord decode(long offset, byte[] stored) {
        ByteBuffer buffer = ByteBuffer.wrap(stored);
        long timestamp = buffer.getLong();
        byte[] keyBytes = getBytes(buffer);
        byte[] value = getBytes(buffer);
        long after = buffer.remaining() >= 8 ? buffer.getLong() : -1;
        return new StashedRecord(offset, after, keyBytes == null ? null : new String(keyBytes, StandardCharsets.UTF_8), value,
                timestamp);
    }

    private static void putBytes(ByteBuffer buffer, byte[] bytes) {
        if (bytes == null) {
            buffer.putInt(-1);
        } else {
            buffer.putInt(bytes.length).put(bytes);
        }
    }

    private static byte[] getBytes(ByteBuffer buffer) {
        int length = buffer.getInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return bytes;
    }
}
