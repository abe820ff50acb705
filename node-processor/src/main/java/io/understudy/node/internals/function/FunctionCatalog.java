package io.understudy.node.internals.function;

import io.understudy.api.FunctionConfig;
import io.understudy.api.TrafficFunctionProvider;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The traffic functions a node can run, found on the class path with {@link ServiceLoader}. */
public final class FunctionCatalog {

    private final Map<String, TrafficFunctionProvider> providers = new TreeMap<>();

    private FunctionCatalog() {
    }

    public static FunctionCatalog load() {
        FunctionCatalog catalog = new FunctionCatalog();
        for (TrafficFunctionProvider provider : ServiceLoader.load(TrafficFunctionProvider.class)) {
            catalog.providers.putIfAbsent(provider.name(), provider);
        }
        return catalog;
    }

    /** Also offers a provider that is not registered as a service (tests, embedding). */
    public FunctionCatalog with(TrafficFunctionProvider provider) {
        providers.put(provider.name(), provider);
        return this;
    }

    public java.util.Set<String> names() {
        return java.util.Collections.unmodifiableSet(providers.keySet());
    }

    /**
     * Creates the named function with its static configuration.
     *
     * @throws IllegalArgumentException naming the known functions when the name is unknown
     */
    public BoundFunction create(String name, FunctionConfig config) {
        TrafficFunctionProvider provider = providers.get(name);
        if (provider == null) {
            throw new IllegalArgumentException("unknown traffic function '" + name + "'; known: " + providers.keySet());
        }
        return BoundFunction.bind(provider.create(config));
    }
}
