package io.understudy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.understudy.records.EgressRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The checker on a pipeline whose function answers a packet with several outputs, with one field
 * of one output tampered with at a time: the order of outputs within an ingress record, the flow,
 * the ingress timestamp, the output count. Each check is the only one that can see its tamper.
 */
class AuditMultiOutputTest {

    private final AuditFixture fixture = new AuditFixture(20, FanOutFunction.NAME);

    @Test
    void aHealthyMultiOutputPipelineIsClean() {
        List<EgressRecord> records = fixture.egressRecords();
        assertEquals(38, records.size(), "20 records over three flows, 1, 2, 3, 1, ... outputs per flow in turn: 13 + 13 + 12");
        AuditReport report = fixture.audit(AuditRange.everything());
        assertTrue(report.clean(), table(report));
        assertEquals(38, report.total(PartitionSummary::matched));
    }

    @Test
    void twoOutputsOfOneRecordSwappedAreReordered() {
        List<EgressRecord> records = fixture.egressRecords();
        int first = indexOf(records, 2); // the third record of flow-x: its outputs #0, #1, #2
        EgressRecord output0 = records.get(first);
        records.set(first, records.get(first + 1));
        records.set(first + 1, output0);
        fixture.setEgress(records);
        AuditReport report = fixture.audit(AuditRange.everything());
        assertEquals(1, report.totalViolations(), table(report));
        Violation reordered = report.violations().get(0);
        assertEquals(Violation.Kind.REORDERED, reordered.kind());
        assertEquals(0, reordered.outputIndex());
        assertEquals(output0.getIngressOffset(), reordered.ingressOffset());
        assertTrue(reordered.detail().endsWith(" #1"), reordered.detail());
    }

    @Test
    void anOutputWithAnotherFlowIsAMismatch() {
        assertOneMismatch(record -> EgressRecord.newBuilder(record).setFlowId("flow-9").build(),
                "flow flow-9, replay ");
    }

    @Test
    void anOutputWithAnotherIngressTimestampIsAMismatch() {
        assertOneMismatch(record -> EgressRecord.newBuilder(record).setIngressTimestamp(record.getIngressTimestamp() + 1)
                .build(), "ingress timestamp ");
    }

    @Test
    void anOutputWithAnotherOutputCountIsAMismatch() {
        assertOneMismatch(record -> EgressRecord.newBuilder(record).setOutputCount(record.getOutputCount() + 1).build(),
                "output count ");
    }

    @Test
    void egressRetentionThatCutBetweenTheOutputsOfOneRecordLeavesItsEarlierOutputsUncheckedNotMissing() {
        List<EgressRecord> records = fixture.egressRecords();
        int first = indexOf(records, 2); // outputs #0, #1, #2 of the third record of flow-0, at egress offsets 9..11
        long o = records.get(first).getIngressOffset();
        AuditReport report = fixture.audit(AuditRange.everything(), 0, first + 1, false); // retention took #0 too
        assertTrue(report.clean(), table(report));
        assertEquals(first + 1, report.total(PartitionSummary::unchecked), "every output before #1 of ingress@" + o);
        assertEquals(38 - first - 1, report.total(PartitionSummary::matched));
        assertEquals(List.of("p0 ingress offsets 0.." + o + ": presence and duplicates of egress not checked: retention"
                + " deleted egress offsets 0.." + first + " of partition 0"), report.unchecked().stream().map(Unchecked::describe)
                .toList());

        records.remove(first + 2); // #2 of that record: after the first egress left, so missing
        fixture.setEgress(records);
        AuditReport gap = fixture.audit(AuditRange.everything(), 0, first + 1, false);
        assertEquals(1, gap.totalViolations(), table(gap));
        assertEquals(Violation.Kind.GAP, gap.violations().get(0).kind());
        assertEquals(o, gap.violations().get(0).ingressOffset());
        assertEquals(2, gap.violations().get(0).outputIndex());
    }

    @Test
    void aMissingLastOutputOfTheLastRecordEmittedIsAGapNotPending() {
        List<EgressRecord> records = fixture.egressRecords();
        int first = indexOf(records, 2);
        fixture.setEgress(records.subList(0, first + 2)); // the selector stopped after #1 of a record with three outputs
        AuditReport report = fixture.audit(new AuditRange(0, -1, true));
        assertEquals(1, report.total(Violation.Kind.GAP), table(report));
        Violation gap = report.violations().get(0);
        assertEquals(records.get(first).getIngressOffset(), gap.ingressOffset());
        assertEquals(2, gap.outputIndex());
        assertEquals("no egress record for output 2 of 3 (the selector emitted up to ingress@" + gap.ingressOffset() + ")",
                gap.detail());
    }

    /** Tampers with output #1 of a record with three outputs; exactly that output is a mismatch, for that reason. */
    private void assertOneMismatch(java.util.function.UnaryOperator<EgressRecord> tamper, String reason) {
        List<EgressRecord> records = fixture.egressRecords();
        int first = indexOf(records, 2);
        EgressRecord original = records.get(first + 1);
        assertEquals(1, original.getOutputIndex());
        assertEquals(3, original.getOutputCount());
        records.set(first + 1, tamper.apply(original));
        fixture.setEgress(records);
        AuditReport report = fixture.audit(AuditRange.everything());
        assertEquals(1, report.totalViolations(), table(report));
        Violation mismatch = report.violations().get(0);
        assertEquals(Violation.Kind.MISMATCH, mismatch.kind());
        assertEquals(original.getIngressOffset(), mismatch.ingressOffset());
        assertEquals(1, mismatch.outputIndex());
        assertTrue(mismatch.detail().startsWith(reason), mismatch.detail());
        assertEquals(37, report.total(PartitionSummary::matched));
    }

    /** Where the outputs of the {@code n}-th ingress record of flow-0 begin (n from 0). */
    private static int indexOf(List<EgressRecord> records, int n) {
        int seen = -1;
        long offset = -1;
        for (int i = 0; i < records.size(); i++) {
            EgressRecord record = records.get(i);
            if (record.getFlowId().equals("flow-0") && record.getIngressOffset() != offset) {
                offset = record.getIngressOffset();
                if (++seen == n) {
                    return i;
                }
            }
        }
        throw new AssertionError("no record " + n + " of flow-0");
    }

    private static String table(AuditReport report) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        report.printTable(new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }
}
