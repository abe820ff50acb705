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
                understudy_bridge_tcp_connections_open 1
                understudy_bridge_tcp_connections_accepted_total 1
                """, text);
    }
}
