package io.understudy.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.understudy.bridge.client.HttpBridgeClient;
import io.understudy.stack.StackEndpoints;
import io.understudy.stack.junit.UnderstudyStackExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fuzzing the HTTP endpoint over raw sockets with malformed requests: odd methods, paths with bad
 * percent-encodings, control and non-ASCII bytes, huge paths, lying or absent Content-Length,
 * broken chunked bodies, bodies over the limit. Every request gets an HTTP answer with a known
 * status, or the connection is closed; the bridge keeps answering (health, and a valid packet
 * still gets its 202); and exactly the requests answered 202 were written to Kafka.
 *
 * <p>The random source has a fixed seed (override with {@code -Dfuzz.seed=N}) so that a failure
 * can be replayed; the seed and the failing request are printed.
 */
@ExtendWith(UnderstudyStackExtension.class)
class HttpFuzzIT {

    private static final int REQUESTS = 300;
    private static final Set<Integer> KNOWN_STATUSES = Set.of(202, 400, 404, 405, 411, 413, 414, 431, 503);

    @Test
    void malformedRequestsAreAnsweredOrClosedAndNothingButAcceptedPacketsIsWritten(StackEndpoints stack)
            throws Exception {
        long seed = Long.getLong("fuzz.seed", 8L);
        Random random = new Random(seed);
        IngressTopic topic = IngressTopic.create(stack, "http-fuzz", 1);
        int accepted = 0;
        int closedWithoutAnswer = 0;
        try (IngressBridge bridge = IngressBridge.start(topic.bridgeConfig(Map.of("http.max.body.bytes", 1024)))) {
            int port = bridge.ports().http();
            HttpBridgeClient client = HttpBridgeClient.forPort(port);
            for (int i = 0; i < REQUESTS; i++) {
                byte[] request = request(random);
                int status = send(port, request, seed, i);
                if (status == 202) {
                    accepted++;
                } else if (status < 0) {
                    closedWithoutAnswer++;
                } else {
                    assertTrue(KNOWN_STATUSES.contains(status), "seed " + seed + " request " + i + " answered " + status
                            + ":\n" + printable(request));
                }
                if (i % 50 == 49) {
                    assertEquals(200, client.health().status(), "the bridge still answers health after " + (i + 1));
                    assertEquals(202, client.post("still-ok", "x".getBytes(StandardCharsets.UTF_8)).status());
                    accepted++;
                }
            }
        }
        System.out.printf("HTTP fuzz, seed %d: %d requests, %d accepted, %d closed without an answer%n", seed,
                REQUESTS, accepted, closedWithoutAnswer);
        assertEquals(accepted, topic.readAll().size(), "exactly the 202 answers were written");
    }

    /** One request, well-formed or not in many ways. */
    private static byte[] request(Random random) {
        String method = pick(random, List.of("POST", "POST", "POST", "GET", "PUT", "DELETE", "HEAD", "OPTIONS",
                "P\u00d6ST", "", "POST POST"));
        String path = switch (random.nextInt(7)) {
            case 0 -> "/flows/" + flowLike(random) + "/packets";
            case 1 -> "/flows/" + flowLike(random) + "/packets?x=" + flowLike(random);
            case 2 -> "/flows/" + "%".repeat(random.nextInt(4)) + flowLike(random) + "%zz/packets";
            case 3 -> "/flows/" + "a".repeat(random.nextInt(20_000)) + "/packets";
            case 4 -> "/" + flowLike(random);
            case 5 -> "/flows//packets";
            default -> "/flows/f\u0001\u00ff" + flowLike(random) + "/packets";
        };
        byte[] body = new byte[random.nextInt(4) == 0 ? random.nextInt(5_000) : random.nextInt(200)];
        random.nextBytes(body);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        boolean chunked = random.nextInt(5) == 0;
        switch (random.nextInt(4)) {
            case 0 -> write(out, "Content-Length: " + body.length + "\r\n");
            case 1 -> write(out, "Content-Length: " + (body.length + random.nextInt(100) - 50) + "\r\n");
            case 2 -> write(out, "Content-Length: " + pick(random, List.of("-1", "abc", "99999999999", "")) + "\r\n");
            default -> { }
        }
        if (chunked) {
            write(out, "Transfer-Encoding: chunked\r\n");
        }
        if (random.nextBoolean()) {
            write(out, "X-Junk: " + flowLike(random) + "\r\n");
        }
        if (random.nextInt(10) == 0) {
            write(out, "no colon here\r\n");
        }
        write(out, "Connection: close\r\n\r\n");
        if (chunked) {
            write(out, Integer.toHexString(body.length) + (random.nextBoolean() ? "" : "zz") + "\r\n");
            out.writeBytes(body);
            write(out, random.nextBoolean() ? "\r\n0\r\n\r\n" : "\r\n");
        } else {
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    /** Sends a request and half-closes, so that a server waiting for more body sees the end; returns the status or -1. */
    private static int send(int port, byte[] request, long seed, int index) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000); // detects a hang: an answer or a close is due long before
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
                socket.shutdownOutput();
            } catch (IOException e) {
                // the server may answer and close before reading a long request: read its answer below
            }
            InputStream in = socket.getInputStream();
            byte[] head = new byte[12];
            int read = 0;
            try {
                while (read < head.length) {
                    int n = in.read(head, read, head.length - read);
                    if (n < 0) {
                        break;
                    }
                    read += n;
                }
            } catch (SocketTimeoutException e) {
                fail("seed " + seed + " request " + index + ": no answer and no close within 60 s:\n" + printable(request));
            } catch (IOException e) {
                return -1; // reset by the server
            }
            if (read == 0) {
                return -1;
            }
            String statusLine = new String(head, 0, read, StandardCharsets.ISO_8859_1);
            assertTrue(statusLine.startsWith("HTTP/1.1 ") && read == 12, "seed " + seed + " request " + index
                    + " got '" + statusLine + "' for:\n" + printable(request));
            return Integer.parseInt(statusLine.substring(9, 12));
        }
    }

    private static String flowLike(Random random) {
        String alphabet = "abcXYZ019-_.%2F%20%C3%A9 +~!*()";
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(30);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private static <T> T pick(Random random, List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String printable(byte[] request) {
        String text = new String(request, 0, Math.min(request.length, 400), StandardCharsets.ISO_8859_1);
        return text.replaceAll("[^\\x20-\\x7e\\r\\n]", "?") + (request.length > 400 ? "..." : "");
    }
}
