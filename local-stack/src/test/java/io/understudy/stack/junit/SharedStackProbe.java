package io.understudy.stack.junit;

import io.understudy.stack.StackEndpoints;

import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Remembers the first endpoints any test class was given, so later classes can compare. */
final class SharedStackProbe {

    private static final AtomicReference<StackEndpoints> FIRST_SEEN = new AtomicReference<>();

    private SharedStackProbe() {
    }

    /** Records {@code endpoints} if first, otherwise asserts they are the ones seen first. */
    static void assertSameAsFirstSeen(StackEndpoints endpoints) {
        if (!FIRST_SEEN.compareAndSet(null, endpoints)) {
            assertEquals(FIRST_SEEN.get(), endpoints, "every test class of the JVM must get the same stack");
        }
    }
}
