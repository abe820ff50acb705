package io.understudy.node.internals.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.understudy.node.internals.processing.NodeStores;
import io.understudy.node.testing.NodeHarness;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The stash on its own, over a node's real stash store: the records it hands back, and the rule
 * that decides whether it is a complete run of the partition, boundary by boundary (the protocol
 * tests reach each rule through one case only).
 */
class StashTest {

    private final NodeHarness node = new NodeHarness("a", "passthrough");
    private final Stash stash = new Stash(node.driver.getKeyValueStore(NodeStores.STASH));

    @AfterEach
    void close() {
        node.close();
    }

    // ---- what it hands back ------------------------------------------------------------------

    @Test
    void recordsComeBackInOffsetOrderFromTheOffsetAskedForWithEveryField() {
        stash.add(record(300, 299));
        stash.add(new StashedRecord(7, -1, null, null, 42));
        stash.add(record(256, 7)); // little-endian keys would sort 256 (00 01 ...) before 7 (07 00 ...)
        List<StashedRecord> all = visit(-5);
        assertEquals(List.of(7L, 256L, 300L), all.stream().map(StashedRecord::offset).toList());
        StashedRecord empty = all.get(0);
        assertEquals(-1, empty.after());
        assertNull(empty.key());
        assertNull(empty.value());
        assertEquals(42, empty.timestamp());
        StashedRecord full = all.get(2);
        assertEquals(299, full.after());
        assertEquals("flow-300", full.key());
        assertArrayEquals("p300".getBytes(StandardCharsets.UTF_8), full.value());
        assertEquals(1_300, full.timestamp());

        assertEquals(List.of(256L, 300L), visit(8).stream().map(StashedRecord::offset).toList());
        assertEquals(List.of(256L, 300L), visit(256).stream().map(StashedRecord::offset).toList());
        assertEquals(List.of(), visit(301));
    }

    @Test
    void aRecordStashedBeforeItSaidWhatPrecededItFollowsAnUnknownOffset() {
        StashedRecord record = record(12, 11);
        byte[] encoded = record.encode();
        byte[] withoutAfter = ByteBuffer.allocate(encoded.length - 8).put(encoded, 0, encoded.length - 8).array();
        StashedRecord old = StashedRecord.decode(12, withoutAfter);
        assertEquals(-1, old.after());
        assertEquals("flow-12", old.key());
        assertArrayEquals(record.value(), old.value());
        assertEquals(1_012, old.timestamp());
    }

    @Test
    void anEmptyKeyAndValueComeBackEmptyNotNull() {
        stash.add(new StashedRecord(3, 2, "", new byte[0], 9));
        StashedRecord back = visit(0).get(0);
        assertEquals("", back.key());
        assertArrayEquals(new byte[0], back.value());
        assertEquals(2, back.after());
    }

    @Test
    void droppingBelowAnOffsetKeepsThatOffsetAndCountsWhatItForgot() {
        for (long offset = 10; offset < 15; offset++) {
            stash.add(record(offset, offset - 1));
        }
        assertEquals(0, stash.dropBelow(0));
        assertEquals(0, stash.dropBelow(-3));
        assertEquals(0, stash.dropBelow(10));
        assertEquals(2, stash.dropBelow(12));
        assertEquals(List.of(12L, 13L, 14L), visit(0).stream().map(StashedRecord::offset).toList());
        assertEquals(3, stash.clear());
        assertEquals(List.of(), visit(0));
        assertEquals(0, stash.clear());
    }

    // ---- whether it is complete --------------------------------------------------------------

    @Test
    void anEmptyStashIsCompleteOnlyIfNothingWasReceivedFromTheOffset() {
        assertNull(stash.gapFrom(20, 19));
        assertNull(stash.gapFrom(20, -1));
        assertEquals("offset 20 was received but the stash ends at offset -1", stash.gapFrom(20, 20));
    }

    @Test
    void aRunFromTheOffsetItselfIsCompleteWhateverItsFirstRecordFollows() {
        stash.add(record(20, -1)); // the first record since the task started: what preceded it is unknown
        stash.add(record(21, 20));
        stash.add(record(23, 21)); // 22 is a transaction marker: the consumer handed over 23 after 21
        assertNull(stash.gapFrom(20, 23));
    }

    @Test
    void aRunFromTheFirstOffsetOfThePartitionIsComplete() {
        stash.add(record(0, -1));
        stash.add(record(1, 0));
        stash.add(record(2, 1));
        assertNull(stash.gapFrom(0, 2));
    }

    @Test
    void aRunThatStartsAfterTheOffsetIsCompleteOnlyIfItsFirstRecordFollowsAnOffsetBeforeIt() {
        stash.add(record(21, 19)); // 20 is a marker
        stash.add(record(22, 21));
        assertNull(stash.gapFrom(20, 22));
        assertNull(stash.gapFrom(21, 22));
        assertNull(stash.gapFrom(22, 22));

        stash.clear();
        stash.add(record(21, 20)); // 20 itself came before 21, and is not in the stash
        assertEquals("offset 21 is the first stashed from offset 20, but it follows offset 20", stash.gapFrom(20, 21));

        stash.clear();
        stash.add(record(2, 0)); // 1 is a marker: 2 follows 0, which is before the offset asked for
        assertNull(stash.gapFrom(1, 2));

        stash.clear();
        stash.add(record(21, -1)); // nothing says what came before 21
        assertEquals("offset 21 is the first stashed from offset 20, but it follows offset -1", stash.gapFrom(20, 21));
    }

    @Test
    void aRecordThatDoesNotFollowTheOneStashedBeforeItIsAGap() {
        stash.add(record(20, 19));
        stash.add(record(21, 20));
        stash.add(record(23, 22)); // the consumer handed over 22, which the stash lost
        assertEquals("offset 23 follows offset 22, not 21", stash.gapFrom(20, 23));
    }

    @Test
    void aStashThatEndsBeforeTheLastRecordReceivedIsAGap() {
        stash.add(record(20, 19));
        stash.add(record(21, 20));
        assertEquals("offset 22 was received but the stash ends at offset 21", stash.gapFrom(20, 22));
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static StashedRecord record(long offset, long after) {
        return new StashedRecord(offset, after, "flow-" + offset, ("p" + offset).getBytes(StandardCharsets.UTF_8),
                1_000 + offset);
    }

    private List<StashedRecord> visit(long fromOffset) {
        List<StashedRecord> seen = new ArrayList<>();
        stash.forEachFrom(fromOffset, seen::add);
        return seen;
    }
}
