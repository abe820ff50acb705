package io.understudy.node.internals.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The node's stores are cached, and a cached store cannot be written while a task initializes:
 * {@link PartitionState} writes nothing before {@link PartitionState#open()}, and a state reset
 * at task start (flows cleared) reaches the store there.
 */
class PartitionStateTest {

    private final List<PartitionStatus> flushed = new ArrayList<>();

    private static <K, V> KeyValueStore<K, V> store(String name, org.apache.kafka.common.serialization.Serde<K> keys,
                                                   org.apache.kafka.common.serialization.Serde<V> values,
                                                   MockProcessorContext<?, ?> context) {
        KeyValueStore<K, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), keys, values)
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    @Test
    void flowsClearedWhileTheTaskInitializesAreDeletedAtTheFirstRecordNotBefore() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "partition-state-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>(props);
        KeyValueStore<String, byte[]> flows = store("flows", Serdes.String(), Serdes.ByteArray(), context);
        KeyValueStore<Integer, byte[]> statuses = store("status", Serdes.Integer(), Serdes.ByteArray(), context);

        // a previous life of the task: two flows and a status
        PartitionState before = PartitionState.load(0, flows, statuses, PartitionStatus.synchronizedFromStart(),
                flushed::add);
        before.open();
        byte[] a = new StoredFlow(7, new byte[] {1, 2}).encode();
        before.writeFlow("a", a);
        before.writeFlow("b", new StoredFlow(8, new byte[] {3}).encode());
        before.status(before.status().withLastOffset(8));
        before.flush();
        long digest = before.status().digest();
        assertNotEquals(StateDigest.EMPTY, digest);

        // the task initializes again and resets its state: nothing is written yet
        PartitionState state = PartitionState.load(0, flows, statuses, PartitionStatus.synchronizedFromStart(),
                flushed::add);
        assertEquals(2, state.clearFlows());
        assertEquals(0, state.clearFlows()); // cleared once, counted once
        assertEquals(StateDigest.EMPTY, state.status().digest());
        state.flush();
        assertEquals(1, flushed.size()); // the status was not written before open()
        assertArrayEquals(a, flows.get("a"));
        assertEquals(2, flows.approximateNumEntries());
        assertThrows(IllegalStateException.class, () -> state.storedFlow("a"));
        assertThrows(IllegalStateException.class, () -> state.writeFlow("c", new byte[8]));

        // the first record
        state.open();
        assertNull(state.storedFlow("a"));
        assertNull(flows.get("b"));
        assertEquals(0, flows.approximateNumEntries());
        state.flush();
        assertEquals(2, flushed.size());
        assertEquals(StateDigest.EMPTY, PartitionStatus.decode(statuses.get(0)).digest());
        state.open(); // idempotent
        state.writeFlow("c", new StoredFlow(9, new byte[] {4}).encode());
        assertEquals(1, flows.approximateNumEntries());
    }
}
