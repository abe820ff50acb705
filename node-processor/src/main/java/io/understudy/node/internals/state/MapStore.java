package io.understudy.node.internals.state;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A sorted map behind the {@link KeyValueStore} interface, so that {@link io.understudy.node.NodeReplay}
 * can run the node's own record path ({@code TrafficPath} over {@link PartitionState}) outside Kafka
 * Streams, with nothing on disk.
 */
public final class MapStore<K extends Comparable<K>, V> implements KeyValueStore<K, V> {

    private final String name;
    private final NavigableMap<K, V> entries = new TreeMap<>();

    public MapStore(String name) {
        this.name = name;
    }

    @Override
    public void put(K key, V value) {
        if (value == null) {
            entries.remove(key);
        } else {
            entries.put(key, value);
        }
    }

    @Override
    public V putIfAbsent(K key, V value) {
        V existing = entries.get(key);
        if (existing == null) {
            put(key, value);
        }
        return existing;
    }

    @Override
    public void putAll(List<KeyValue<K, V>> all) {
        all.forEach(kv -> put(kv.key, kv.value));
    }

    @Override
    public V delete(K key) {
        return entries.remove(key);
    }

    @Override
    public V get(K key) {
        return entries.get(key);
    }

    @Override
    public KeyValueIterator<K, V> range(K from, K to) {
        return iterator(entries.subMap(from, true, to, true));
    }

    @Override
    public KeyValueIterator<K, V> all() {
        return iterator(entries);
    }

    @Override
    public long approximateNumEntries() {
        return entries.size();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        // nothing to restore: the replay builds the state from the ingress log
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    /** Iterates over a snapshot, so callers may change the store while they iterate (as clearFlows does). */
    private KeyValueIterator<K, V> iterator(Map<K, V> view) {
        List<KeyValue<K, V>> snapshot = new ArrayList<>(view.size());
        view.forEach((k, v) -> snapshot.add(KeyValue.pair(k, v)));
        Iterator<KeyValue<K, V>> it = snapshot.iterator();
        return new KeyValueIterator<>() {
            private int index;

            @Override
            public boolean hasNext() {
                return index < snapshot.size();
            }

            @Override
            public KeyValue<K, V> next() {
                KeyValue<K, V> next = it.next();
                index++;
                return next;
            }

            @Override
            public K peekNextKey() {
                return snapshot.get(index).key;
            }

            @Override
            public void close() {
            }
        };
    }
}
