package io.understudy.selector.routing;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/** The selector's state stores: persistent and changelogged, one instance per ingress partition. */
public final class SelectorStores {

    /** Partition to {@link io.understudy.selector.leadership.PartitionLeadership} bytes. */
    public static final String LEADERSHIP = "leadership";

    /** Outputs of non-leading nodes past the watermark (see {@link KeptOutputs}). */
    public static final String KEPT_OUTPUTS = "kept-outputs";

    private SelectorStores() {
    }

    static StoreBuilder<KeyValueStore<Integer, byte[]>> leadership(boolean persistent) {
        // cached: the watermark moves with every output, the changelog needs it once per commit
        return Stores.keyValueStoreBuilder(supplier(LEADERSHIP, persistent), Serdes.Integer(), Serdes.ByteArray())
                .withCachingEnabled();
    }

    static StoreBuilder<KeyValueStore<org.apache.kafka.common.utils.Bytes, byte[]>> keptOutputs(boolean persistent) {
        // cached: a backup output kept and dropped within one commit interval never reaches the changelog
        return Stores.keyValueStoreBuilder(supplier(KEPT_OUTPUTS, persistent), Serdes.Bytes(), Serdes.ByteArray())
                .withCachingEnabled();
    }

    private static KeyValueBytesStoreSupplier supplier(String name, boolean persistent) {
        return persistent ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name);
    }
}
