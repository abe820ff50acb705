package io.understudy.bridge.internals.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.understudy.bridge.BridgeMetrics;
import io.understudy.bridge.RejectReason;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PacketsHandlerTest {

    @Test
    void findsTheFlowIdInThePath() {
        assertEquals(Optional.of("flow-1"), PacketsHandler.rawFlowIdOf("/flows/flow-1/packets"));
        assertEquals(Optional.of("a%2Fb"), PacketsHandler.rawFlowIdOf("/flows/a%2Fb/packets"));
        assertEquals(Optional.of(""), PacketsHandler.rawFlowIdOf("/flows//packets"));
        assertEquals(Optional.empty(), PacketsHandler.rawFlowIdOf("/flows/a/b/packets"));
        assertEquals(Optional.empty(), PacketsHandler.rawFlowIdOf("/flows/packets"));
        assertEquals(Optional.empty(), PacketsHandler.rawFlowIdOf("/flows/a/packet"));
        assertEquals(Optional.empty(), PacketsHandler.rawFlowIdOf("/flowsx/a/packets"));
    }

    @Test
    void percentDecodesAsUtf8ButLeavesPlusAlone() {
        assertEquals("a/b c+d", PacketsHandler.percentDecode("a%2Fb%20c+d"));
        assertEquals("é✓", PacketsHandler.percentDecode("%C3%A9%E2%9C%93"));
        assertEquals("a\u0001", PacketsHandler.percentDecode("a%01")); // decoded; FlowIdSyntax refuses it next
        assertThrows(IllegalArgumentException.class, () -> PacketsHandler.percentDecode("a%2"));
        assertThrows(IllegalArgumentException.class, () -> PacketsHandler.percentDecode("a%zz"));
        assertThrows(IllegalArgumentException.class, () -> PacketsHandler.percentDecode("%FF"));
    }

    @Test
    void readsTheSequenceHeaderOrRefusesItInOneLine() {
        assertEquals(-1, PacketsHandler.sequenceOf(null));
        assertEquals(-1, PacketsHandler.sequenceOf(java.util.List.of()));
        assertEquals(0, PacketsHandler.sequenceOf(java.util.List.of("0")));
        assertEquals(42, PacketsHandler.sequenceOf(java.util.List.of(" 42 ")));
        assertEquals(Long.MAX_VALUE, PacketsHandler.sequenceOf(java.util.List.of(Long.toString(Long.MAX_VALUE))));
        for (String bad : java.util.List.of("-1", "", "12a", "+3", "1e3", "9223372036854775808", "0x10")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> PacketsHandler.sequenceOf(java.util.List.of(bad)), bad);
            assertEquals("The Understudy-Sequence header is '" + bad.trim() + "': a packet's sequence is a decimal number"
                    + " from 0 to 9223372036854775807", refused.getMessage());
        }
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> PacketsHandler.sequenceOf(java.util.List.of("1", "2")));
        assertEquals("The Understudy-Sequence header is given 2 times; a packet has one sequence", twice.getMessage());
    }

    @Test
    void rendersEveryCounter() {
        BridgeMetrics metrics = new BridgeMetrics();
        metrics.packetReceived();
        metrics.packetReceived();
        metrics.sendStarted();
        metrics.sendFinished(true);
        metrics.sendStarted();
        metrics.rejected(RejectReason.EMPTY_PAYLOAD);
        metrics.connectionOpened();

        String text = MetricsHandler.render(metrics.snapshot());

        assertEquals("""
                understudy_bridge_packets_received_total 2
                understudy_bridge_packets_published_total 1
                understudy_bridge_packets_in_flight 1
                understudy_bridge_rejected_total{reason="PAYLOAD_TOO_LARGE"} 0
                understudy_bridge_rejected_total{reason="MALFORMED_FRAME"} 0
                understudy_bridge_rejected_total{reason="INVALID_FLOW_ID"} 0
                understudy_bridge_rejected_total{reason="EMPTY_PAYLOAD"} 1
                understudy_bridge_rejected_total{reason="FRAME_LENGTH_OUT_OF_RANGE"} 0
                understudy_bridge_rejected_total{reason="TOO_MANY_CONNECTIONS"} 0
                understudy_bridge_rejected_total{reason="KAFKA_UNAVAILABLE"} 0
                understudy_bridge_rejected_total{reason="SHUTTING_DOWN"} 0
                understudy_bridge_rejected_total{reason="UNAUTHENTICATED"} 0
                understudy_bridge_rejected_total{reason="INVALID_SEQUENCE"} 0
                understudy_bridge_tcp_connections_open 1
                understudy_bridge_tcp_connections_accepted_total 1
                """, text);
    }
}
