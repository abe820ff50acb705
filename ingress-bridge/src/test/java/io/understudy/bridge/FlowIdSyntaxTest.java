package io.understudy.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.bridge.FlowIdSyntax.InvalidFlowIdException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class FlowIdSyntaxTest {

    @ParameterizedTest
    @ValueSource(strings = {"flow-1", "tcp-127.0.0.1-50412", "a b/c?d", "é✓😀", "x"})
    void acceptsPrintableFlowIds(String flowId) {
        assertEquals(Optional.empty(), FlowIdSyntax.problemWith(flowId));
        assertEquals(flowId, FlowIdSyntax.decode(ByteBuffer.wrap(flowId.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void acceptsUpTo255BytesAndNoMore() {
        assertEquals(Optional.empty(), FlowIdSyntax.problemWith("a".repeat(255)));
        assertEquals(Optional.empty(), FlowIdSyntax.problemWith("é".repeat(127) + "a")); // 255 bytes

        String tooLong = FlowIdSyntax.problemWith("é".repeat(128)).orElseThrow();
        assertTrue(tooLong.contains("256 bytes"), tooLong);
    }

    @Test
    void refusesControlCharactersNamingThem() {
        Map<String, String> cases = Map.of(
                "a\u0000b", "U+0000 at index 1",
                "line\nbreak", "U+000A at index 4",
                "tab\t", "U+0009 at index 3",
                "del\u007f", "U+007F at index 3",
                "c1\u0085", "U+0085 at index 2",
                "sep\u2028", "U+2028 at index 3",
                "sep\u2029", "U+2029 at index 3");
        cases.forEach((flowId, where) -> {
            String problem = FlowIdSyntax.problemWith(flowId).orElseThrow();
            assertTrue(problem.contains("control character " + where), problem);
            assertTrue(problem.endsWith(FlowIdSyntax.RULE), problem);
            assertTrue(problem.codePoints().noneMatch(Character::isISOControl), "the message is printable: " + problem);
        });
    }

    @Test
    void refusesEmptyAndMissingFlowIds() {
        assertTrue(FlowIdSyntax.problemWith("").orElseThrow().startsWith("Flow id is empty"));
        assertTrue(FlowIdSyntax.problemWith(null).isPresent());
    }

    @Test
    void refusesALoneSurrogate() {
        assertTrue(FlowIdSyntax.problemWith("a\uD800b").orElseThrow().contains("surrogate"));
    }

    @Test
    void refusesBytesThatAreNotUtf8() {
        InvalidFlowIdException e = assertThrows(InvalidFlowIdException.class,
                () -> FlowIdSyntax.decode(ByteBuffer.wrap(new byte[] {'a', (byte) 0xFF})));
        assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());
    }

    @Test
    void requireReturnsAValidFlowIdUnchanged() {
        assertEquals("ok", FlowIdSyntax.require("ok"));
        assertThrows(InvalidFlowIdException.class, () -> FlowIdSyntax.require("not\u0001ok"));
    }
}
