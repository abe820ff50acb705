package io.understudy.functions;

import io.understudy.api.TrafficFunctionProvider;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TrafficFunctionProvidersTest {

    @Test
    void everyFunctionIsLoadableByName() {
        List<String> names = ServiceLoader.load(TrafficFunctionProvider.class).stream()
                .map(provider -> provider.get().name()).sorted().toList();
        assertEquals(List.of("passthrough", "router", "security-engine"), names);
    }
}
