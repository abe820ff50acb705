package io.understudy.stack.kafka;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StandaloneBrokerTest {

    @Test
    void optionsSurviveTheCommandLine() {
        BrokerOptions options = BrokerOptions.defaults().withPort(9092).withControllerPort(9093)
                .withDataDir(Path.of("/tmp/x").toAbsolutePath()).withKeepData(true)
                .withOverrides(Map.of("a.b", "1", "c", "x=y"));
        BrokerOptions parsed = StandaloneBroker.parse(StandaloneBroker.toArgs(options));
        assertEquals(options, parsed);
    }

    @Test
    void badArgumentsAreNamed() {
        assertEquals("--port wants a number, got 'x'",
                assertThrows(IllegalArgumentException.class, () -> StandaloneBroker.parse(new String[] {"--port", "x"})).getMessage());
        assertEquals("--override wants key=value, got 'novalue'",
                assertThrows(IllegalArgumentException.class, () -> StandaloneBroker.parse(new String[] {"--override", "novalue"})).getMessage());
        assertEquals("--data-dir needs a value",
                assertThrows(IllegalArgumentException.class, () -> StandaloneBroker.parse(new String[] {"--data-dir"})).getMessage());
    }
}
