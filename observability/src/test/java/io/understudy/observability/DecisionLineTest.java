package io.understudy.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DecisionLineTest {

    @Test
    void aDecisionIsOneLineOfKeyValuePairsStartingWithItsKind() {
        String line = DecisionLine.of("failover").with("partition", 0).with("epoch", 3).with("from", "a")
                .with("to", "b").with("reason", "LEADER_FAILED").with("watermark", 1041L)
                .with("detail", "no heartbeat from a for 412 ms").toString();
        assertEquals("decision=failover partition=0 epoch=3 from=a to=b reason=LEADER_FAILED watermark=1041"
                + " detail=\"no heartbeat from a for 412 ms\"", line);
    }

    @Test
    void valuesThatWouldBreakTheSplitAreQuotedAndEscaped() {
        assertEquals("decision=refusal node=- reason=\"\" detail=\"say \\\"x=1\\\" \\\\ twice\"",
                DecisionLine.of("refusal").with("node", null).with("reason", "")
                        .with("detail", "say \"x=1\" \\ twice").toString());
        assertEquals("decision=poison detail=\"two lines\"",
                DecisionLine.of("poison").with("detail", "two\nlines").toString());
    }

    @Test
    void aLineSplitsBackIntoItsFields() {
        String line = DecisionLine.of("sync_state").with("partition", 2).with("node", "b").with("from", "RECEIVING")
                .with("to", "SYNCHRONIZED").with("offset", 5120).toString();
        java.util.Map<String, String> fields = new java.util.LinkedHashMap<>();
        for (String pair : line.split(" ")) {
            String[] kv = pair.split("=", 2);
            fields.put(kv[0], kv[1]);
        }
        assertEquals(java.util.List.of("decision", "partition", "node", "from", "to", "offset"),
                java.util.List.copyOf(fields.keySet()));
        assertEquals("SYNCHRONIZED", fields.get("to"));
    }
}
