package io.understudy.stack.junit;

import io.understudy.stack.StackEndpoints;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** One of two classes that must see the same shared stack (see {@link SharedStackProbe}). */
@ExtendWith(UnderstudyStackExtension.class)
class SharedStackSecondTest {

    private static StackEndpoints fromBeforeAll;

    @BeforeAll
    static void remember(StackEndpoints endpoints) {
        fromBeforeAll = endpoints;
    }

    @Test
    void getsTheSameStackAsEveryOtherClass(StackEndpoints endpoints) {
        assertEquals(fromBeforeAll, endpoints);
        assertFalse(endpoints.bootstrapServers().isBlank());
        assertFalse(endpoints.schemaRegistryUrl().isBlank());
        SharedStackProbe.assertSameAsFirstSeen(endpoints);
    }
}
