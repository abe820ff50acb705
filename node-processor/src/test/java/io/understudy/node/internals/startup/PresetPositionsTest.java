package io.understudy.node.internals.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PresetPositionsTest {

    @Test
    void withoutAReaderThePresetHoldsForTheFirstTaskOfAPartitionOnly() {
        PresetPositions positions = new PresetPositions(Map.of(0, 100L));
        assertEquals(100, positions.take(0));
        assertEquals(-1, positions.take(0), "a later task resumes from what was committed since");
        assertEquals(-1, positions.take(1), "no preset");
    }

    @Test
    void withAReaderEveryTaskResumesWhereTheGroupCommittedWhenItStartsNotWhereTheInstanceStarted() {
        Map<Integer, Long> committed = new HashMap<>(Map.of(0, 100L));
        PresetPositions positions = new PresetPositions(Map.of(0, 100L),
                partition -> committed.getOrDefault(partition, -1L));
        assertEquals(100, positions.take(0));
        committed.put(0, 5_000L); // a sibling instance held the partition meanwhile and committed up to 5000
        assertEquals(5_000, positions.take(0));
        committed.put(3, 700L); // a partition this instance did not start with moves in
        assertEquals(700, positions.take(3));
        assertEquals(-1, positions.take(4), "never committed: unknown, the stash learns from its first record");
    }
}
