package io.understudy.bridge.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.understudy.bridge.PublishedPacket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A client of the bridge's HTTP endpoint ({@code java.net.http}). It percent-encodes flow ids,
 * so any string can be sent (the bridge judges whether it is a valid flow id).
 *
 * <pre>{@code
 * HttpBridgeClient client = HttpBridgeClient.forPort(httpPort);
 * HttpBridgeClient.Response response = client.post("flow-1", payload);
 * response.published().orElseThrow().sequence();
 * }</pre>
 */
public final class HttpBridgeClient {

    /** The request header that carries a packet's number within its flow (decimal, 0 or more). */
    public static final String SEQUENCE_HEADER = "Understudy-Sequence";


    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http;
    private final Duration requestTimeout;

    /**
     * @param base           e.g. {@code http://127.0.0.1:7480}
     * @param requestTimeout how long to wait for each answer
     */
    public HttpBridgeClient(URI base, Duration requestTimeout) {
        this.base = Objects.requireNonNull(base, "base");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** A client of a bridge on 127.0.0.1, waiting up to 30 s per request. */
    public static HttpBridgeClient forPort(int port) {
        return new HttpBridgeClient(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(30));
    }

    /** {@code POST /flows/{flowId}/packets}, waiting for the answer. */
    public Response post(String flowId, byte[] payload) throws IOException, InterruptedException {
        return post(flowId, -1, payload);
    }

    /**
     * {@code POST /flows/{flowId}/packets} of a packet numbered {@code sequence} within its flow
     * (the {@value #SEQUENCE_HEADER} header; -1 sends none), waiting for the answer.
     */
    public Response post(String flowId, long sequence, byte[] payload) throws IOException, InterruptedException {
        return toResponse(http.send(postRequest(flowId, sequence, payload), HttpResponse.BodyHandlers.ofString()));
    }

    /** {@code POST /flows/{flowId}/packets}, without waiting. */
    public CompletableFuture<Response> postAsync(String flowId, byte[] payload) {
        return postAsync(flowId, -1, payload);
    }

    /** {@code POST /flows/{flowId}/packets} of a numbered packet (-1: not numbered), without waiting. */
    public CompletableFuture<Response> postAsync(String flowId, long sequence, byte[] payload) {
        return http.sendAsync(postRequest(flowId, sequence, payload), HttpResponse.BodyHandlers.ofString())
                .thenApply(HttpBridgeClient::toResponse);
    }

    /** {@code GET /health}. */
    public Response health() throws IOException, InterruptedException {
        return get("/health");
    }

    /** {@code GET /metrics}. */
    public Response metrics() throws IOException, InterruptedException {
        return get("/metrics");
    }

    /** Any request, for testing the endpoint's answers to odd methods and paths. */
    public Response request(String method, String rawPath, byte[] body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(rawPath)).timeout(requestTimeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return toResponse(http.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    private Response get(String path) throws IOException, InterruptedException {
        return request("GET", path, null);
    }

    private HttpRequest postRequest(String flowId, long sequence, byte[] payload) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/flows/" + encodePathSegment(flowId) + "/packets"))
                .timeout(requestTimeout)
                .header("Content-Type", "application/octet-stream");
        if (sequence >= 0) {
            request.header(SEQUENCE_HEADER, Long.toString(sequence));
        }
        return request.POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build();
    }

    private static Response toResponse(HttpResponse<String> response) {
        return new Response(response.statusCode(), response.body(),
                response.headers().firstValue("Retry-After").orElse(null));
    }

    /** Percent-encodes every byte of the UTF-8 form except RFC 3986 unreserved characters. */
    static String encodePathSegment(String segment) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                encoded.append(c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
        }
        return encoded.toString();
    }

    /**
     * The bridge's answer.
     *
     * @param status     the HTTP status (202 accepted, 400/413 refused, 503 Kafka unavailable...)
     * @param body       the body: JSON for packets and health, text for metrics
     * @param retryAfter the Retry-After header, or null
     */
    public record Response(int status, String body, String retryAfter) {

        public boolean isAccepted() {
            return status == 202;
        }

        /** Where Kafka wrote the packet, for a 202. */
        public Optional<PublishedPacket> published() {
            if (!isAccepted()) {
                return Optional.empty();
            }
            try {
                return Optional.of(JSON.readValue(body, PublishedPacket.class));
            } catch (IOException e) {
                throw new UncheckedIOException("The bridge's 202 body is not a published packet: " + body, e);
            }
        }

        /** The {@code error} field of an error body (a RejectReason name, or e.g. NOT_FOUND). */
        public Optional<String> error() {
            try {
                return Optional.ofNullable(JSON.readTree(body).path("error").textValue());
            } catch (IOException e) {
                return Optional.empty();
            }
        }
    }
}
