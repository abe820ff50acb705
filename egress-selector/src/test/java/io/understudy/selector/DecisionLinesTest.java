package io.understudy.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.records.LeaderChangeReason;
import io.understudy.records.SyncState;
import io.understudy.selector.internals.leadership.SelectionPolicy;
import io.understudy.selector.internals.routing.PartitionSelection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The decision lines an operator reads in the selector's log, as often as they are promised: a
 * held-back leader once per stretch, the leader's uncompared catch-up once per epoch, a refused
 * switchover even when there is no leader to answer on the leadership topic, and the alarm again
 * every 5 s of broker time while the partition waits. The lines are read from the selection's own
 * logger (its warnings and errors, as the test configuration passes them).
 */
class DecisionLinesTest {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger logger = (Logger) LogManager.getLogger(PartitionSelection.class);
    private final AbstractAppender appender = new AbstractAppender("decision-lines", null, null, true, Property.EMPTY_ARRAY) {
        @Override
        public void append(LogEvent event) {
            lines.add(event.getMessage().getFormattedMessage());
        }
    };

    @BeforeEach
    void capture() {
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void release() {
        logger.removeAppender(appender);
        appender.stop();
    }

    private long count(String fragment) {
        return lines.stream().filter(line -> line.contains(fragment)).count();
    }

    @Test
    void aHeldBackLeaderIsSaidOnceForTheWholeStretch() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a");
            h.output("a", 0);
            for (long o = 1; o <= 4; o++) {
                h.output("a", o, o, SyncState.RECEIVING, -1, 1);
            }
            assertEquals(1, count("decision=hold_back"), lines.toString());
            assertTrue(lines.get(0).startsWith("decision=hold_back partition=0 epoch=1 node=a offset=1 watermark=0 reason="),
                    lines.get(0));
        }
    }

    @Test
    void theLeadersUncomparableCatchUpIsSaidOncePerEpoch() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a", "b");
            for (long o = 0; o <= 9; o++) {
                h.output("a", o);
            }
            for (long o = 0; o <= 4; o++) {
                h.output("b", o);
            }
            h.onlyHeartbeating("b", 11, 0); // a dies: b takes over at watermark 9, behind
            h.takeOver();
            h.alive("b");
            for (long o = 5; o <= 9; o++) {
                h.output("b", o);
            }
            assertEquals(1, count("decision=uncompared"), lines.toString());
            assertEquals(1, count("decision=uncompared partition=0 epoch=2 node=b offset=5 watermark=9"), lines.toString());
        }
    }

    @Test
    void theLeadersCatchUpBeyondTheWindowIsSaidOncePerEpoch() {
        SelectionPolicy policy = new SelectionPolicy(Optional.of("a"), 300, 1_000, 1, 1_000_000, 8);
        try (SelectorHarness h = new SelectorHarness(policy)) {
            h.alive("a", "b");
            h.output("a", 0);
            h.output("b", 0);
            for (long o = 1; o <= 19; o++) {
                h.output("a", o);
            }
            h.onlyHeartbeating("b", 21, 0); // a dies: b takes over at watermark 19, 19 behind
            for (long o = 1; o <= 11; o++) {
                h.output("b", o);
            }
            assertEquals(1, count("decision=uncompared partition=0 epoch=2 node=b offset=1 watermark=19"), lines.toString());
            assertEquals(1, count("decision=uncompared"), lines.toString());
        }
    }

    @Test
    void aSwitchoverRefusedBeforeAnyLeaderIsSaidInTheLog() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.switchover("b");
            assertEquals(List.of(), h.changes);
            assertEquals(1, count("decision=refusal partition=0 epoch=- from=- to=b requested_by=test reason=\"no leader yet\""),
                    lines.toString());
        }
    }

    /** The alarm is said when raised, and again each time 5 s of broker time passed since it was last said. */
    @Test
    void theAlarmIsRepeatedEveryFiveSecondsWhileThePartitionWaits() {
        try (SelectorHarness h = new SelectorHarness()) {
            h.alive("a");
            h.output("a", 0);
            while (h.changes.size() < 2) {
                h.advance(20);
            }
            assertEquals(LeaderChangeReason.NO_ELIGIBLE_BACKUP, h.changes.get(1).getReason());
            assertEquals(1, count("ALARM partition 0"), lines.toString());
            for (int i = 0; i < 249; i++) { // 4,980 ms
                h.advance(20);
            }
            assertEquals(1, count("ALARM partition 0"));
            h.advance(20); // 5,000 ms
            assertEquals(2, count("ALARM partition 0"));
            for (int i = 0; i < 250; i++) { // 10,000 ms
                h.advance(20);
            }
            assertEquals(3, count("ALARM partition 0"));
            assertEquals(1, count("decision=alarm"), "the decision itself once");
        }
    }
}
