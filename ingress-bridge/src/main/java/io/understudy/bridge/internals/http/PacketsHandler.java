package io.understudy.bridge.internals.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.understudy.bridge.BridgeMetrics;
import io.understudy.bridge.FlowIdSyntax;
import io.understudy.bridge.RejectReason;
import io.understudy.bridge.internals.publish.PacketPublisher;
import io.understudy.bridge.internals.publish.PublishFailedException;
import io.understudy.bridge.PublishedPacket;
import io.understudy.bridge.internals.publish.ReceivedPacket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@code POST /flows/{flowId}/packets}: publishes the body as one packet and answers once Kafka has it. */
final class PacketsHandler implements HttpHandler {

    static final String CONTEXT = "/flows/";
    private static final String SUFFIX = "/packets";
    /** What TrafficPacket.endpoint says for packets received over HTTP. */
    static final String ENDPOINT_NAME = "http";
    /** The request header that numbers a packet within its flow. */
    static final String SEQUENCE_HEADER = "Understudy-Sequence";

    private final PacketPublisher publisher;
    private final BridgeMetrics metrics;
    private final int maxBodyBytes;
    private final Duration ackTimeout;
    private final HttpAuthentication authentication;

    PacketsHandler(PacketPublisher publisher, BridgeMetrics metrics, int maxBodyBytes, Duration ackTimeout) {
        this(publisher, metrics, maxBodyBytes, ackTimeout, HttpAuthentication.NONE);
    }

    PacketsHandler(PacketPublisher publisher, BridgeMetrics metrics, int maxBodyBytes, Duration ackTimeout,
                   HttpAuthentication authentication) {
        this.publisher = publisher;
        this.metrics = metrics;
        this.maxBodyBytes = maxBodyBytes;
        this.ackTimeout = ackTimeout;
        this.authentication = authentication;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            Optional<String> unauthenticated = authentication.refusal(exchange);
            if (unauthenticated.isPresent()) {
                exchange.getResponseHeaders().set("WWW-Authenticate", authentication.challenge());
                reject(exchange, RejectReason.UNAUTHENTICATED, unauthenticated.get());
                return;
            }
            String rawPath = exchange.getRequestURI().getRawPath();
            Optional<String> rawFlowId = rawFlowIdOf(rawPath);
            if (rawFlowId.isEmpty()) {
                ResponseWriter.notFound(exchange);
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                ResponseWriter.methodNotAllowed(exchange, "POST");
                return;
            }
            String flowId;
            try {
                flowId = FlowIdSyntax.require(percentDecode(rawFlowId.get()));
            } catch (IllegalArgumentException e) {
                reject(exchange, RejectReason.INVALID_FLOW_ID, e.getMessage());
                return;
            }
            long sequence;
            try {
                sequence = sequenceOf(exchange.getRequestHeaders().get(SEQUENCE_HEADER));
            } catch (IllegalArgumentException e) {
                reject(exchange, RejectReason.INVALID_SEQUENCE, e.getMessage());
                return;
            }
            long receivedAtMs = System.currentTimeMillis();
            Optional<byte[]> body = readBody(exchange);
            if (body.isEmpty()) {
                return; // already answered 413
            }
            if (body.get().length == 0) {
                reject(exchange, RejectReason.EMPTY_PAYLOAD, "The body is empty: a packet has at least one byte");
                return;
            }
            publish(exchange, new ReceivedPacket(flowId, ByteBuffer.wrap(body.get()), ENDPOINT_NAME, receivedAtMs,
                    sequence));
        } finally {
            exchange.close();
        }
    }

    private void publish(HttpExchange exchange, ReceivedPacket packet) throws IOException {
        CompletableFuture<PublishedPacket> published = publisher.publish(packet);
        try {
            ResponseWriter.json(exchange, 202, published.get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            RejectReason reason = e.getCause() instanceof PublishFailedException refused
                    ? refused.reason() : RejectReason.KAFKA_UNAVAILABLE;
            answer(exchange, reason, e.getCause().getMessage()); // counted by the publisher
        } catch (TimeoutException e) {
            reject(exchange, RejectReason.KAFKA_UNAVAILABLE, "Kafka did not acknowledge the packet within "
                    + "http.ack.timeout.ms=" + ackTimeout.toMillis() + " ms (topic " + publisher.topic() + ": "
                    + publisher.health().detail() + "); it may still be written, retry to be sure");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer(exchange, RejectReason.SHUTTING_DOWN, "The bridge is shutting down");
        }
    }

    /**
     * The body, or empty after answering 413 when it is longer than allowed. Reads at most one
     * byte more than the limit, so an oversize body is never buffered whole.
     */
    private Optional<byte[]> readBody(HttpExchange exchange) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                long length = Long.parseLong(declared.trim());
                if (length > maxBodyBytes) {
                    tooLarge(exchange, length + " bytes");
                    return Optional.empty();
                }
            } catch (NumberFormatException e) {
                // the server has already refused a malformed Content-Length; nothing to add
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try (InputStream in = exchange.getRequestBody()) {
            int n;
            while ((n = in.read(chunk, 0, (int) Math.min(chunk.length, maxBodyBytes + 1L - body.size()))) > 0) {
                body.write(chunk, 0, n);
                if (body.size() > maxBodyBytes) {
                    tooLarge(exchange, "more than " + maxBodyBytes + " bytes");
                    return Optional.empty();
                }
            }
        }
        return Optional.of(body.toByteArray());
    }

    private void tooLarge(HttpExchange exchange, String size) throws IOException {
        reject(exchange, RejectReason.PAYLOAD_TOO_LARGE, "The body has " + size + ", above http.max.body.bytes="
                + maxBodyBytes);
    }

    /** Counts the refusal, then answers it. */
    private void reject(HttpExchange exchange, RejectReason reason, String message) throws IOException {
        metrics.rejected(reason);
        answer(exchange, reason, message);
    }

    private static void answer(HttpExchange exchange, RejectReason reason, String message) throws IOException {
        if (reason.httpStatus() == 503) {
            exchange.getResponseHeaders().set("Retry-After", "1");
        }
        ResponseWriter.error(exchange, reason.httpStatus(), reason.name(), message);
    }

    /**
     * The packet's number from its {@value #SEQUENCE_HEADER} header: -1 without one, else a decimal
     * number of 0 or more.
     *
     * @throws IllegalArgumentException in one line, for anything else (the request is refused 400
     *                                  before its body is published)
     */
    static long sequenceOf(List<String> values) {
        if (values == null || values.isEmpty()) {
            return -1;
        }
        if (values.size() > 1) {
            throw new IllegalArgumentException("The " + SEQUENCE_HEADER + " header is given " + values.size()
                    + " times; a packet has one sequence");
        }
        String text = values.get(0).trim();
        String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        if (text.isEmpty() || text.length() > 19 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("The " + SEQUENCE_HEADER + " header is '" + shown
                    + "': a packet's sequence is a decimal number from 0 to " + Long.MAX_VALUE);
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The " + SEQUENCE_HEADER + " header is '" + shown
                    + "': a packet's sequence is a decimal number from 0 to " + Long.MAX_VALUE);
        }
    }

    /** The still percent-encoded flow id of {@code /flows/{flowId}/packets}, or empty for any other path. */
    static Optional<String> rawFlowIdOf(String rawPath) {
        if (rawPath == null || !rawPath.startsWith(CONTEXT) || !rawPath.endsWith(SUFFIX)
                || rawPath.length() < CONTEXT.length() + SUFFIX.length()) {
            return Optional.empty();
        }
        String segment = rawPath.substring(CONTEXT.length(), rawPath.length() - SUFFIX.length());
        return segment.contains("/") ? Optional.empty() : Optional.of(segment);
    }

    /**
     * Decodes a path segment's %XX escapes as UTF-8 ('+' stays '+': this is a path, not a form).
     *
     * @throws IllegalArgumentException for a broken escape or bytes that are not UTF-8
     */
    static String percentDecode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '%') {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0
                    || Character.digit(raw.charAt(i + 2), 16) < 0) {
                throw new IllegalArgumentException("Flow id '" + raw + "' has a broken percent escape at index " + i);
            }
            bytes.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("Flow id '" + raw + "' is not UTF-8 once percent-decoded: " + FlowIdSyntax.RULE);
        }
    }
}
