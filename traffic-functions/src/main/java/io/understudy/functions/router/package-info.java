/**
 * {@code router}: forwards {@link io.understudy.functions.router.RouterPacket}s to the next hop
 * of a static routing table, with connection tracking and deterministic source NAT per flow.
 *
 * <p><b>Wire format</b> (ingress payload and egress payload alike): an 18-byte header — version
 * 1, protocol (6 TCP / 17 UDP), flags (FIN 0x01, SYN 0x02, RST 0x04, ACK 0x10), a reserved zero
 * byte, source and destination IPv4 addresses, source and destination ports, data length — then
 * the data; all big-endian. See {@link io.understudy.functions.router.RouterPacket}, which both
 * parses and encodes it (traffic generators build packets with
 * {@code RouterPacket.of(tuple, flags, data).encode()}).
 *
 * <p><b>Static configuration</b> ({@link io.understudy.functions.router.RouterConfig}):
 * {@code function.router.table} (routing table file, required),
 * {@code function.router.nat-pool} (default {@code 192.0.2.0/28}),
 * {@code function.router.nat-ports} (default {@code 1024-65535}),
 * {@code function.router.idle-timeout-ms} (default {@code 300000}). The table's content
 * fingerprint is the function's {@code configFingerprint()}.
 *
 * <p><b>Per-flow state</b> ({@link io.understudy.functions.router.RouterFlowState}, 45 bytes):
 * connection state ({@link io.understudy.functions.router.ConnectionTracker}), 5-tuple, NAT
 * binding ({@link io.understudy.functions.router.NatPool}: a hash of the 5-tuple, identical on
 * every node, collisions possible by design), last-seen record time, counters.
 *
 * <p><b>Egress</b>: one emission per forwarded packet, the packet with its source rewritten to
 * the NAT binding, {@code destination} = the next hop. Drops carry a
 * {@link io.understudy.functions.router.RouterDropReason} phrase.
 *
 * <p>Time is record time: idle expiry compares {@link io.understudy.api.Packet#timestamp()}s,
 * never the wall clock.
 */
package io.understudy.functions.router;
