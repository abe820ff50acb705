package io.understudy.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class DropCountersTest {

    @Test
    void theReasonTagIsTheVerdictBeforeItsDetails() {
        assertEquals("no_connection", DropCounters.reasonTag("no connection: first packet is not SYN"));
        assertEquals("undecodable", DropCounters.reasonTag("undecodable: Unknown magic byte 7 at offset 12"));
        assertEquals("function_error", DropCounters.reasonTag("function error: java.lang.IllegalStateException: x"));
        assertEquals("replayed_sequence", DropCounters.reasonTag("REPLAYED_SEQUENCE"));
        assertEquals("unspecified", DropCounters.reasonTag(null));
    }

    @Test
    void distinctReasonsAreBoundedAndTheRestCountAsOther() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DropCounters drops = new DropCounters(registry, "understudy.node.dropped", "drops");
        for (int i = 0; i < DropCounters.MAX_REASONS + 10; i++) {
            drops.count("reason " + i + ": detail");
        }
        drops.count("undecodable: a");
        drops.count("undecodable: b");
        assertEquals(DropCounters.MAX_REASONS + 1, registry.find("understudy.node.dropped").counters().size());
        assertEquals(12.0, registry.get("understudy.node.dropped").tag("reason", "other").counter().count());
        assertEquals(1.0, registry.get("understudy.node.dropped").tag("reason", "reason_0").counter().count());
    }
}
