package io.understudy.node.internals.processing;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/** The node's state stores: changelogged, one instance per partition (task), on disk or on the heap. */
public final class NodeStores {

    /** Flow id to {@link io.understudy.node.internals.state.StoredFlow} bytes. */
    public static final String FLOWS = "flows";

    /** Partition number to {@link io.understudy.node.internals.state.PartitionStatus} bytes (one entry per task). */
    public static final String PARTITION_STATUS = "partition-status";

    /** Ingress offset (8 bytes big-endian) to a stashed record, while the partition is not synchronized. */
    public static final String STASH = "sync-stash";

    /** Partition number to {@link io.understudy.node.internals.sync.SyncProgress} bytes: the backup side's progress. */
    public static final String SYNC_PROGRESS = "sync-progress";

    private NodeStores() {
    }

    /**
     * Where a store keeps its data locally; either way it is changelogged to Kafka. The node's
     * {@code state.store} setting names one by its {@link #configValue()}.
     */
    public enum Kind {
        /** RocksDB on disk: survives a clean restart without restoring from the changelog. */
        PERSISTENT("rocksdb"),
        /** On the heap: no disk flush at each commit, always restored from the changelog on start. */
        IN_MEMORY("memory");

        private final String configValue;

        Kind(String configValue) {
            this.configValue = configValue;
        }

        /** As the {@code state.store} setting names it: rocksdb or memory. */
        public String configValue() {
            return configValue;
        }

        /** Every {@link #configValue()}, for the setting's validator. */
        public static String[] configValues() {
            return java.util.Arrays.stream(values()).map(Kind::configValue).toArray(String[]::new);
        }

        /** The kind a {@code state.store} value names. */
        public static Kind ofConfigValue(String value) {
            return java.util.Arrays.stream(values()).filter(kind -> kind.configValue.equals(value)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("state.store is rocksdb or memory, not " + value));
        }

        KeyValueBytesStoreSupplier supplier(String name) {
            return this == PERSISTENT ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name);
        }
    }

    /**
     * Cached: a flow written by many records between two commits reaches the changelog once per
     * commit (without the cache, every ingress record wrote one changelog record besides its output).
     * Like the status, it is therefore never written while a task initializes ({@link
     * io.understudy.node.internals.state.PartitionState#open()}).
     */
    public static StoreBuilder<KeyValueStore<String, byte[]>> flows(Kind kind) {
        return Stores.keyValueStoreBuilder(kind.supplier(FLOWS), Serdes.String(), Serdes.ByteArray())
                .withCachingEnabled();
    }

    /**
     * Cached: the status changes with every record, and the cache sends it to the changelog once per
     * commit instead of once per record (a third of the node's writes otherwise). The node therefore
     * never writes it while a task initializes, where a cached store has no record context.
     */
    public static StoreBuilder<KeyValueStore<Integer, byte[]>> partitionStatus(Kind kind) {
        return Stores.keyValueStoreBuilder(kind.supplier(PARTITION_STATUS), Serdes.Integer(), Serdes.ByteArray())
                .withCachingEnabled();
    }

    public static StoreBuilder<KeyValueStore<Bytes, byte[]>> stash(Kind kind) {
        return Stores.keyValueStoreBuilder(kind.supplier(STASH), Serdes.Bytes(), Serdes.ByteArray());
    }

    public static StoreBuilder<KeyValueStore<Integer, byte[]>> syncProgress(Kind kind) {
        return Stores.keyValueStoreBuilder(kind.supplier(SYNC_PROGRESS), Serdes.Integer(), Serdes.ByteArray());
    }
}
