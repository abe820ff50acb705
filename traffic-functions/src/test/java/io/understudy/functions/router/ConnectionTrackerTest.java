package io.understudy.functions.router;

import org.junit.jupiter.api.Test;

import static io.understudy.functions.router.ConnectionState.CLOSED;
import static io.understudy.functions.router.ConnectionState.CLOSING;
import static io.understudy.functions.router.ConnectionState.ESTABLISHED;
import static io.understudy.functions.router.ConnectionState.NEW;
import static io.understudy.functions.router.RouterDropReason.CONNECTION_CLOSED;
import static io.understudy.functions.router.RouterDropReason.CONNECTION_EXPIRED;
import static io.understudy.functions.router.RouterDropReason.INVALID_FLAGS;
import static io.understudy.functions.router.RouterDropReason.NO_CONNECTION;
import static io.understudy.functions.router.RouterDropReason.SYN_ON_OPEN_CONNECTION;
import static io.understudy.functions.router.TcpFlags.ACK;
import static io.understudy.functions.router.TcpFlags.FIN;
import static io.understudy.functions.router.TcpFlags.RST;
import static io.understudy.functions.router.TcpFlags.SYN;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ConnectionTrackerTest {

    @Test
    void tcpTransitionsFollowTheTable() {
        assertTcp(null, SYN, NEW);
        assertTcp(NEW, SYN, NEW);
        assertTcp(NEW, ACK, ESTABLISHED);
        assertTcp(NEW, FIN, CLOSING);
        assertTcp(NEW, RST, CLOSED);
        assertTcp(ESTABLISHED, ACK, ESTABLISHED);
        assertTcp(ESTABLISHED, FIN | ACK, CLOSING);
        assertTcp(ESTABLISHED, RST | ACK, CLOSED);
        assertTcp(CLOSING, FIN, CLOSING);
        assertTcp(CLOSING, ACK, CLOSED);
        assertTcp(CLOSING, RST, CLOSED);
        assertTcp(CLOSED, SYN, NEW);
    }

    @Test
    void tcpPacketsOutOfPlaceAreDroppedWithTheirReason() {
        assertTcpDrop(null, false, ACK, NO_CONNECTION);
        assertTcpDrop(null, false, FIN, NO_CONNECTION);
        assertTcpDrop(null, false, RST, NO_CONNECTION);
        assertTcpDrop(null, true, ACK, CONNECTION_EXPIRED);
        assertTcpDrop(CLOSED, false, ACK, CONNECTION_CLOSED);
        assertTcpDrop(CLOSED, false, FIN | ACK, CONNECTION_CLOSED);
        assertTcpDrop(ESTABLISHED, false, SYN, SYN_ON_OPEN_CONNECTION);
        assertTcpDrop(CLOSING, false, SYN, SYN_ON_OPEN_CONNECTION);
    }

    @Test
    void invalidFlagCombinationsAreDroppedInAnyState() {
        int[] invalid = {0, SYN | FIN, SYN | RST, SYN | ACK, FIN | RST, SYN | FIN | RST | ACK, 0x08, ACK | 0x20, 0x80};
        for (ConnectionState state : new ConnectionState[] {null, NEW, ESTABLISHED, CLOSING, CLOSED}) {
            for (int flags : invalid) {
                assertTcpDrop(state, false, flags, INVALID_FLAGS);
            }
        }
    }

    @Test
    void udpOpensThenStaysEstablishedAndCarriesNoFlags() {
        assertEquals(ConnectionTracker.Transition.to(NEW), ConnectionTracker.next(null, false, RouterPacket.UDP, 0));
        assertEquals(ConnectionTracker.Transition.to(ESTABLISHED), ConnectionTracker.next(NEW, false, RouterPacket.UDP, 0));
        assertEquals(ConnectionTracker.Transition.to(ESTABLISHED), ConnectionTracker.next(ESTABLISHED, false, RouterPacket.UDP, 0));
        assertEquals(ConnectionTracker.Transition.dropped(INVALID_FLAGS), ConnectionTracker.next(NEW, false, RouterPacket.UDP, SYN));
    }

    private static void assertTcp(ConnectionState from, int flags, ConnectionState to) {
        assertEquals(ConnectionTracker.Transition.to(to), ConnectionTracker.next(from, false, RouterPacket.TCP, flags),
                from + " + " + TcpFlags.describe(flags));
    }

    private static void assertTcpDrop(ConnectionState from, boolean expired, int flags, RouterDropReason reason) {
        assertEquals(ConnectionTracker.Transition.dropped(reason), ConnectionTracker.next(from, expired, RouterPacket.TCP, flags),
                from + " + " + TcpFlags.describe(flags));
    }
}
