package io.understudy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.records.EgressRecord;
import io.understudy.records.LeaderChangeReason;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checker against egress broken on purpose, one way at a time, with the lineage it reports. */
class AuditCheckerTest {

    private final AuditFixture fixture = new AuditFixture(20);

    @Test
    void aHealthyPipelineIsClean() {
        AuditReport report = fixture.audit(AuditRange.everything());
        assertTrue(report.clean(), table(report));
        assertEquals(20, report.total(PartitionSummary::ingressChecked));
        assertEquals(20, report.total(PartitionSummary::expectedOutputs));
        assertEquals(20, report.total(PartitionSummary::egressChecked));
        assertEquals(20, report.total(PartitionSummary::matched));
        assertEquals(0, report.total(PartitionSummary::drops));
        assertEquals(0, report.total(PartitionSummary::unchecked));
        assertEquals(0, report.totalViolations());
        assertTrue(report.violations().isEmpty());
        assertEquals(List.of(), report.unchecked(), "everything was checkable");
        assertTrue(table(report).contains("RESULT CLEAN"), table(report));
    }

    @Test
    void aMissingOutputIsAGapNamingItsIngressRecord() {
        List<EgressRecord> records = fixture.egressRecords();
        EgressRecord removed = records.remove(7);
        fixture.setEgress(records);
        AuditReport report = fixture.audit(AuditRange.everything());
        assertFalse(report.clean());
        assertEquals(1, report.total(Violation.Kind.GAP));
        assertEquals(1, report.totalViolations(), table(report));
        Violation gap = report.violations().get(0);
        assertEquals(Violation.Kind.GAP, gap.kind());
        assertEquals(removed.getIngressOffset(), gap.ingressOffset());
        assertEquals(0, gap.outputIndex());
        assertEquals(removed.getFlowId(), gap.flowId());
    }

    @Test
    void aRepeatedOutputIsADuplicateListingBothEgressOffsets() {
        List<EgressRecord> records = fixture.egressRecords();
        records.add(6, EgressRecord.newBuilder(records.get(5)).build());
        fixture.setEgress(records);
        AuditReport report = fixture.audit(AuditRange.everything());
        assertEquals(1, report.total(Violation.Kind.DUPLICATE), table(report));
        assertEquals(0, report.total(Violation.Kind.REORDERED), table(report));
        assertEquals(1, report.totalViolations(), table(report));
        assertEquals(List.of(5L, 6L), report.violations().get(0).egressOffsets());
        assertEquals("2 egress records for one output (node/epoch: [a/1, a/1])", report.violations().get(0).detail());
        assertEquals(19, report.total(PartitionSummary::matched), "an output found twice is not found once");
    }

    @Test
    void anOutputBehindALaterOneIsReordered() {
        List<EgressRecord> records = fixture.egressRecords();
        EgressRecord moved = records.remove(2);
        records.add(4, moved);
        fixture.setEgress(records);
        AuditReport report = fixture.audit(AuditRange.everything());
        assertEquals(1, report.total(Violation.Kind.REORDERED), table(report));
        assertEquals(0, report.total(Violation.Kind.GAP) + report.total(Violation.Kind.DUPLICATE), table(report));
        Violation reordered = report.violations().get(0);
        assertEquals(moved.getIngressOffset(), reordered.ingressOffset());
        assertEquals(List.of(4L), reordered.egressOffsets());
    }

    @Test
    void anOutputFromANodeThatDidNotLeadItsEpochIsWrongLeader() {
        List<EgressRecord> records = fixture.egressRecords();
        records.set(15, EgressRecord.newBuilder(records.get(15)).setNode("a").build()); // epoch 2 is b's
        records.set(2, EgressRecord.newBuilder(records.get(2)).setLeaderEpoch(2).setNode("b").build()); // before b's range
        records.set(3, EgressRecord.newBuilder(records.get(3)).setLeaderEpoch(7).build()); // no such epoch
        records.set(16, EgressRecord.newBuilder(records.get(16)).setLeaderEpoch(1).setNode("a").build()); // after a's range
        fixture.setEgress(records);
        AuditReport report = fixture.audit(AuditRange.everything());
        assertEquals(4, report.total(Violation.Kind.WRONG_LEADER), table(report));
        assertEquals(4, report.totalViolations(), table(report));
        assertEquals(List.of("epoch 2 covers ingress offsets " + (fixture.failoverWatermark + 1) + "..",
                        "epoch 7 of partition 0 is not on the leadership topic",
                        "epoch 2 was led by b (leadership offset 1)",
                        "epoch 1 covers ingress offsets 0.." + fixture.failoverWatermark),
                report.violations().stream().map(Violation::detail).toList());
    }

    @Test
    void anAlteredPayloadIsAMismatchSayingWhatDiffers() {
        List<EgressRecord> records = fixture.egressRecords();
        EgressRecord original = records.get(9);
        records.set(9, EgressRecord.newBuilder(original)
                .setPayload(ByteBuffer.wrap("tampered".getBytes(StandardCharsets.UTF_8))).build());
        records.set(10, EgressRecord.newBuilder(records.get(10)).setDestination("10.0.0.9").build());
        fixture.setEgress(records);
        AuditReport report = fixture.audit(AuditRange.everything());
        assertEquals(2, report.total(Violation.Kind.MISMATCH), table(report));
        assertEquals(18, report.total(PartitionSummary::matched));
        Violation mismatch = report.violations().get(0);
        assertEquals(original.getIngressOffset(), mismatch.ingressOffset());
        assertEquals(List.of(9L), mismatch.egressOffsets());
        assertEquals("a", mismatch.node());
        assertEquals(1, mismatch.epoch());
        assertTrue(mismatch.detail().contains("payload differs"), mismatch.detail());
        assertTrue(report.violations().get(1).detail().contains("destination 10.0.0.9"), report.violations().get(1).detail());
    }

    @Test
    void egressForAnOffsetWithNoIngressRecordOrAnExtraIndexIsUnexpected() {
        List<EgressRecord> records = fixture.egressRecords();
        records.set(3, EgressRecord.newBuilder(records.get(3)).setIngressOffset(3).build()); // offset 3 is a marker
        records.add(5, EgressRecord.newBuilder(records.get(4)).setOutputIndex(1).build());
        fixture.setEgress(records);
        AuditReport report = fixture.audit(AuditRange.everything());
        assertEquals(2, report.total(Violation.Kind.UNEXPECTED), table(report));
        assertEquals(1, report.total(Violation.Kind.GAP), table(report)); // the record moved to offset 3 is missing at 4
        assertTrue(table(report).contains("no ingress record at offset 3"), table(report));
        assertTrue(table(report).contains("produces 1 output(s), not an output #1"), table(report));
    }

    @Test
    void aPoisonIngressRecordExpectsNoOutputAndTheRestIsChecked() {
        IngressEntry good = fixture.ingress.get(5);
        fixture.ingress.set(5, new IngressEntry(good.partition(), good.offset(), good.key(), new byte[] {9, 9, 9},
                good.timestamp()));
        List<EgressRecord> records = fixture.egressRecords();
        records.remove(5);
        fixture.setEgress(records);
        AuditReport report = fixture.audit(AuditRange.everything());
        assertTrue(report.clean(), table(report));
        assertEquals(1, report.total(PartitionSummary::drops));
        assertEquals(19, report.total(PartitionSummary::matched));
    }

    @Test
    void outputsNotEmittedYetArePendingAndOnlyToleratedWhenAsked() {
        List<EgressRecord> records = fixture.egressRecords();
        fixture.setEgress(records.subList(0, 17));
        AuditReport strict = fixture.audit(AuditRange.everything());
        assertEquals(3, strict.total(PartitionSummary::pending));
        assertEquals(0, strict.total(Violation.Kind.GAP));
        assertFalse(strict.clean());
        assertEquals(List.of("p0 ingress offsets 18..20: 3 output(s) not checked: not emitted yet: the selector's last egress"
                        + " on this partition answers ingress@17 (counted as a violation; --allow-pending tolerates it)"),
                strict.unchecked().stream().map(Unchecked::describe).toList());
        AuditReport live = fixture.audit(new AuditRange(0, -1, true));
        assertTrue(live.clean(), table(live));
        assertTrue(table(live).contains("NOT CHECKED p0 ingress offsets 18..20: 3 output(s) not checked: not emitted yet"),
                table(live));
    }

    @Test
    void aRangeChecksOnlyItsOffsetsButReplaysFromTheStart() {
        List<EgressRecord> records = fixture.egressRecords();
        records.set(1, EgressRecord.newBuilder(records.get(1))
                .setPayload(ByteBuffer.wrap("outside".getBytes(StandardCharsets.UTF_8))).build());
        fixture.setEgress(records);
        AuditReport report = fixture.audit(new AuditRange(5, 12, false));
        assertTrue(report.clean(), table(report));
        assertEquals(8, report.total(PartitionSummary::ingressChecked));
    }

    @Test
    void retentionOfIngressOrEgressIsReportedAsNotCheckable() {
        AuditReport ingressGone = fixture.audit(AuditRange.everything(), 4, 0, false);
        String text = table(ingressGone);
        assertTrue(text.contains("NOT CHECKED p0 ingress offsets 0..end: presence and content of egress"), text);
        assertTrue(text.contains("retention deleted ingress offsets 0..3"), text);
        assertTrue(ingressGone.clean(), text); // what could be checked (duplicates, order, leaders) is right
        assertEquals(20, ingressGone.total(PartitionSummary::unchecked));
        assertEquals(0, ingressGone.total(PartitionSummary::ingressChecked));

        AuditReport egressGone = fixture.audit(AuditRange.everything(), 0, 6, false);
        text = table(egressGone);
        long firstLeft = fixture.egress.get(6).record().getIngressOffset();
        assertTrue(text.contains("NOT CHECKED p0 ingress offsets 0.." + (firstLeft - 1)
                + ": presence and duplicates of egress not checked: retention deleted egress offsets 0..5"), text);
        assertEquals(6, egressGone.total(PartitionSummary::unchecked));
        assertEquals(14, egressGone.total(PartitionSummary::matched));
        assertTrue(egressGone.clean(), text);
    }

    @Test
    void twoLeadersNamedForOneEpochIsALeadershipViolation() {
        fixture.leadership.add(new LeadershipEntry(2, AuditFixture.change(2, "c", "a", LeaderChangeReason.SWITCHOVER, 12)));
        AuditReport report = fixture.audit(AuditRange.everything());
        assertEquals(1, report.total(Violation.Kind.LEADERSHIP));
        assertEquals(List.of(Violation.Kind.LEADERSHIP), report.violations().stream().map(Violation::kind).toList(),
                "listed once, before the partitions' findings");
        assertFalse(report.clean());
    }

    @Test
    void aRepeatedOutputIsStillADuplicateWhenIngressRetentionPreventsTheReplay() {
        List<EgressRecord> records = fixture.egressRecords();
        records.add(6, EgressRecord.newBuilder(records.get(5)).build());
        fixture.setEgress(records);
        AuditReport report = fixture.audit(AuditRange.everything(), 4, 0, false);
        assertEquals(1, report.total(Violation.Kind.DUPLICATE), table(report));
        assertEquals(1, report.totalViolations(), table(report));
        assertEquals(List.of(5L, 6L), report.violations().get(0).egressOffsets());
        assertEquals(20, report.total(PartitionSummary::unchecked), "20 outputs, one of them twice");
    }

    @Test
    void egressRetentionThatLeftTheFirstIngressRecordsOutputHidNothing() {
        List<EgressRecord> records = fixture.egressRecords();
        records.add(0, EgressRecord.newBuilder(records.get(0)).build()); // egress offset 0, deleted by retention
        fixture.setEgress(records);
        AuditReport report = fixture.audit(AuditRange.everything(), 0, 1, false);
        assertTrue(report.clean(), table(report));
        assertEquals(20, report.total(PartitionSummary::matched), "the first remaining egress answers ingress offset 0");
        assertEquals(0, report.total(PartitionSummary::unchecked));
        assertEquals(List.of(), report.unchecked(), "no output of the range was before it");
    }

    @Test
    void egressRetentionThatDeletedTheFirstOutputOnlyLeavesThatOneUnchecked() {
        AuditReport report = fixture.audit(AuditRange.everything(), 0, 1, false);
        assertTrue(report.clean(), table(report));
        assertEquals(1, report.total(PartitionSummary::unchecked));
        assertEquals(19, report.total(PartitionSummary::matched));
        assertEquals(List.of("p0 ingress offsets 0..0: presence and duplicates of egress not checked: retention deleted"
                + " egress offsets 0..0 of partition 0"), report.unchecked().stream().map(Unchecked::describe).toList());
    }

    @Test
    void afterEgressRetentionThatLeftTheFirstOutputAMissingOutputIsAGap() {
        List<EgressRecord> records = fixture.egressRecords();
        records.add(0, EgressRecord.newBuilder(records.get(0)).build()); // egress offset 0, deleted by retention
        EgressRecord removed = records.remove(11);
        fixture.setEgress(records);
        AuditReport report = fixture.audit(AuditRange.everything(), 0, 1, false);
        assertEquals(1, report.total(Violation.Kind.GAP), table(report));
        assertEquals(removed.getIngressOffset(), report.violations().get(0).ingressOffset());
        assertEquals(0, report.total(PartitionSummary::unchecked));
    }

    @Test
    void whenRetentionDeletedTheStartOfTheLeadershipLogEpochsBeforeItAreUncheckedNotWrong() {
        fixture.leadership.remove(0); // epoch 1 (a's) is gone
        AuditReport truncated = fixture.audit(AuditRange.everything(), 0, 0, true);
        assertTrue(truncated.clean(), table(truncated));
        assertEquals(11, truncated.total(PartitionSummary::unchecked), "epoch 1's egress records");
        assertEquals(20, truncated.total(PartitionSummary::matched));
        assertEquals(List.of("p-1 ingress offsets 0..end: leader of egress records naming epochs before the first remaining"
                        + " leadership decision not checked: retention deleted the start of the leadership topic"),
                truncated.unchecked().stream().map(Unchecked::describe).toList());

        AuditReport whole = fixture.audit(AuditRange.everything());
        assertEquals(11, whole.total(Violation.Kind.WRONG_LEADER), "the log says it is whole: an unknown epoch is wrong");
    }

    @Test
    void egressOfAnotherPartitionOrUndecodableIsReportedAndEgressAfterTheIngressEndIsLeftOut() {
        List<EgressRecord> records = fixture.egressRecords();
        EgressRecord last = records.get(records.size() - 1);
        records.add(EgressRecord.newBuilder(last).setIngressOffset(last.getIngressOffset() + 1).build()); // ingress end
        records.set(4, EgressRecord.newBuilder(records.get(4)).setIngressPartition(1).build());
        fixture.setEgress(records);
        fixture.egress.set(7, EgressEntry.undecodable(AuditFixture.PARTITION, 7, "not an egress record"));
        AuditReport report = fixture.audit(AuditRange.everything());
        assertEquals(List.of(Violation.Kind.UNEXPECTED, Violation.Kind.UNDECODABLE_EGRESS, Violation.Kind.GAP,
                Violation.Kind.GAP), report.violations().stream().map(Violation::kind).toList(), table(report));
        Violation elsewhere = report.violations().get(0);
        assertEquals(1, elsewhere.partition());
        assertEquals("found on egress partition 0: egress for ingress partition 1 belongs in egress partition 1",
                elsewhere.detail());
        assertEquals(List.of(7L), report.violations().get(1).egressOffsets());
        assertEquals(18, report.total(PartitionSummary::egressChecked), "neither the misplaced, the undecodable nor the late");
        assertEquals(18, report.total(PartitionSummary::matched));
    }

    @Test
    void aRangeOfOneOffsetChecksThatOffsetAlone() {
        AuditReport report = fixture.audit(new AuditRange(0, 0, false));
        assertTrue(report.clean(), table(report));
        assertEquals(1, report.total(PartitionSummary::ingressChecked));
        assertEquals(1, report.total(PartitionSummary::matched));
        assertEquals(1, report.total(PartitionSummary::egressChecked));
    }

    @Test
    void withNothingEmittedEveryOutputIsPendingFromTheFirstOffset() {
        fixture.setEgress(List.of());
        AuditReport report = fixture.audit(new AuditRange(0, -1, true));
        assertTrue(report.clean(), table(report));
        assertEquals(20, report.total(PartitionSummary::pending));
        assertEquals(List.of("p0 ingress offsets 0..20: 20 output(s) not checked: not emitted yet: the selector's last egress"
                + " on this partition answers ingress@-1"), report.unchecked().stream().map(Unchecked::describe).toList());
    }

    @Test
    void everyViolationIsCountedButOnlyTheFirstFewListed() {
        List<EgressRecord> records = fixture.egressRecords();
        records.remove(9);
        records.remove(5);
        fixture.setEgress(records);
        fixture.maxListed = 1;
        AuditReport report = fixture.audit(AuditRange.everything());
        assertEquals(2, report.total(Violation.Kind.GAP));
        assertEquals(1, report.violations().size());
        assertEquals(fixture.ingress.get(5).offset(), report.violations().get(0).ingressOffset());
    }

    @Test
    void theJsonReportCarriesCountsAndLineage() {
        List<EgressRecord> records = fixture.egressRecords();
        records.remove(7);
        fixture.setEgress(records);
        String json = fixture.audit(AuditRange.everything()).toJson();
        assertTrue(json.contains("\"clean\" : false"), json);
        assertTrue(json.contains("\"GAP\" : 1"), json);
        assertTrue(json.contains("\"kind\" : \"GAP\""), json);
        assertTrue(json.contains("\"ingressOffset\" : " + fixture.ingress.get(7).offset()), json);
    }

    private static String table(AuditReport report) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        report.printTable(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
