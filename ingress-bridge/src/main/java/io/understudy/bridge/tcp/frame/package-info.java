/**
 * The TCP endpoint's wire format, for both directions: what a client sends
 * ({@link io.understudy.bridge.tcp.frame.Frame}, written with
 * {@link io.understudy.bridge.tcp.frame.FrameEncoder}) and what the bridge answers
 * ({@link io.understudy.bridge.tcp.frame.Reply}, read with
 * {@link io.understudy.bridge.tcp.frame.ReplyCodec}).
 *
 * <h2>Frames (client to bridge)</h2>
 * Every frame is a 4-byte big-endian signed {@code length}, then {@code length} bytes: a 1-byte
 * type and the type's body. All integers are big-endian.
 * <pre>
 *   length  int32   bytes that follow (type + body), 1 .. tcp.max.frame.bytes (default 65536)
 *   type    uint8
 *   body    length - 1 bytes:
 *
 *   0x01 OPEN            flowId: the rest of the frame, UTF-8
 *                        Names the connection's flow for the DATA frames that follow.
 *   0x02 DATA            payload: the rest of the frame (at least 1 byte)
 *                        A packet of the connection's flow.
 *   0x03 DATA_WITH_FLOW  flowIdLength uint16, flowId (flowIdLength bytes of UTF-8),
 *                        payload: the rest of the frame (at least 1 byte)
 *                        A packet of the named flow; the connection's flow is unchanged.
 *   0x04 NUMBERED_DATA   sequence int64 (0 or more), payload: the rest of the frame (at least 1 byte)
 *                        DATA, numbered by its endpoint.
 *   0x05 NUMBERED_DATA_WITH_FLOW
 *                        sequence int64 (0 or more), flowIdLength uint16, flowId, payload: the rest
 *                        DATA_WITH_FLOW, numbered by its endpoint.
 * </pre>
 * <b>Numbered packets.</b> An endpoint that numbers its packets gives each one its number within
 * its flow (0, 1, 2, ...; increasing, gaps allowed) and sends a retry with the same number. The
 * bridge writes the number to the ingress record ({@code TrafficPacket.sequence}) and nodes apply
 * each number once: a packet numbered at or below the highest one applied to its flow is dropped
 * with the verdict {@code duplicate-sequence}. That makes delivery exactly-once from the endpoint
 * through a bridge crash (the bridge died after Kafka took a packet and before its ACK went out,
 * and the endpoint sent it again), provided a flow's packets reach the bridge in their numbers'
 * order: keep one packet per flow in flight when retrying, since a packet retried after a later
 * one was applied is dropped. Packets sent with DATA or DATA_WITH_FLOW are not numbered (their
 * ingress record says -1) and behave as they always did: a retry whose first attempt reached Kafka
 * is processed twice.
 * One connection is one flow unless a frame names its flow: until an {@code OPEN}, the
 * connection's flow is {@code tcp-<remote address>-<remote port>} (e.g. {@code tcp-127.0.0.1-50412}).
 * A flow id is 1 to 255 bytes of UTF-8 without control characters
 * ({@link io.understudy.bridge.FlowIdSyntax}).
 *
 * <h2>Replies (bridge to client)</h2>
 * Frames are numbered per connection from 0 in the order sent, every frame counting (bad ones
 * included). The bridge answers <em>every</em> frame with exactly one reply, in frame order,
 * carrying the frame's number, framed the same way (length, type, body):
 * <pre>
 *   0x81 ACK     frameIndex int64, sequence int64, partition int32, offset int64    (length 29)
 *                Kafka acknowledged the packet (acks=all): its per-flow sequence number (the
 *                endpoint's for a numbered packet, else the bridge's own count, from 0 again
 *                after a bridge restart) and where it is in the ingress topic. Sent only after
 *                Kafka's acknowledgement.
 *   0x82 OPENED  frameIndex int64                                                   (length 9)
 *                The OPEN frame took effect.
 *   0x83 ERROR   frameIndex int64, code uint16, message: the rest, UTF-8 (at most 1024 bytes)
 *                The frame was refused; code = {@link io.understudy.bridge.RejectReason#wireCode()}.
 * </pre>
 * An ERROR about the connection rather than one frame (too many connections) carries
 * frameIndex {@value io.understudy.bridge.tcp.frame.FrameFormat#NO_FRAME}.
 *
 * <h2>Bad input</h2>
 * <ul>
 *   <li>A frame longer than {@code tcp.max.frame.bytes}: ERROR {@code PAYLOAD_TOO_LARGE}; the
 *       bridge reads and discards its {@code length} bytes without buffering them, and the
 *       connection goes on.</li>
 *   <li>A frame of length 0, of unknown type, or whose flow-id length runs past its end: ERROR
 *       {@code MALFORMED_FRAME}; the connection goes on (the length still delimits it).</li>
 *   <li>A bad flow id: ERROR {@code INVALID_FLOW_ID}; an empty payload: ERROR
 *       {@code EMPTY_PAYLOAD}; a numbered frame too short for its sequence: ERROR
 *       {@code MALFORMED_FRAME}; a negative sequence: ERROR {@code INVALID_SEQUENCE}; the
 *       connection goes on.</li>
 *   <li>A negative length or one above {@value io.understudy.bridge.tcp.frame.FrameFormat#MAX_LENGTH}
 *       (16 MiB): ERROR {@code FRAME_LENGTH_OUT_OF_RANGE}, then the bridge closes the connection
 *       once the earlier frames are answered. Frames carry no sync marker, so the only way to
 *       find the next frame is to trust the length; a length that large is almost surely not a
 *       length at all (a client out of step, or another protocol), and skipping it would swallow
 *       megabytes of the client's next frames without telling it.</li>
 *   <li>Kafka does not acknowledge a packet in time (unreachable, or the send failed): ERROR
 *       {@code KAFKA_UNAVAILABLE} for that frame; it may still have been written, so a sender
 *       that retries gets at-least-once delivery, or exactly-once when it numbers its packets
 *       (above).</li>
 * </ul>
 *
 * <p>Clients may pipeline: send many frames without waiting, and match replies by frame index.
 * The bridge stops reading a connection with {@code tcp.max.pending.frames} unanswered frames
 * until replies drain, so a client that never reads its replies stalls only itself.
 *
 * <p>When the bridge ends a connection (it stops, or the length was out of range), it ends its
 * output after the last reply, so the client reads every reply and then the end of the stream,
 * and reads and drops whatever the client still sends until the client closes (for 2 s at most)
 * before it closes the socket. A client should therefore read on to the end of the stream even
 * after a write failed: replies can still be waiting to be read.
 */
package io.understudy.bridge.tcp.frame;
