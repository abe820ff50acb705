/**
 * The HTTP endpoint, on the JDK's {@code com.sun.net.httpserver}:
 * <ul>
 *   <li>{@code POST /flows/{flowId}/packets}, body = the packet's bytes: {@code 202} with JSON
 *       {@code {"flowId", "sequence", "partition", "offset", "timestamp"}} once Kafka acknowledged
 *       the write; {@code 400} for a bad flow id (percent-decoded from the path, then checked by
 *       {@link io.understudy.bridge.FlowIdSyntax}), an empty body, or an {@code Understudy-Sequence}
 *       header that is not one decimal number of 0 or more ({@code INVALID_SEQUENCE}). An endpoint
 *       that numbers its packets sends each one's number within its flow in that header (a retry
 *       with the same number): nodes apply each number once, so a retry whose first attempt did
 *       reach Kafka is dropped as a {@code duplicate-sequence}; without the header a packet is not
 *       numbered, and a retry of it may be processed twice; {@code 413} for a body over
 *       {@code http.max.body.bytes}; {@code 503} (with {@code Retry-After}) when Kafka does not
 *       acknowledge within {@code http.ack.timeout.ms} or the send fails; {@code 405} for another
 *       method. Errors are JSON {@code {"error": <RejectReason or HTTP reason>, "message": ...}}.</li>
 *   <li>{@code GET /health}: {@code 200 {"status":"UP",...}} while Kafka is reachable,
 *       {@code 503 {"status":"DOWN","detail":<why>}} otherwise.</li>
 *   <li>{@code GET /metrics}: the bridge's counters as plain text, one per line.</li>
 *   <li>Anything else: {@code 404}.</li>
 * </ul>
 *
 * <p>Each request is served on one of {@code http.threads} threads, which waits for its packet's
 * acknowledgement. For TLS, {@link io.understudy.bridge.internals.http.HttpEndpoint} creates its server in
 * one place ({@code createServer}: return an {@code HttpsServer} with an {@code HttpsConfigurator});
 * for a bearer token, set an {@code Authenticator} on the contexts it creates.
 */
package io.understudy.bridge.internals.http;
