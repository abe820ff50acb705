package io.understudy.harness.traffic;

import io.understudy.bridge.client.HttpBridgeClient;
import io.understudy.bridge.client.TcpBridgeClient;
import io.understudy.bridge.tcp.frame.Reply;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * The generator's way to the ingress bridge, over TCP (length-prefixed frames) or HTTP (one POST
 * per packet). Either keeps each flow's packets in order: over TCP a flow always uses the same
 * connection; over HTTP a flow's next request leaves only once the previous one was answered.
 */
public abstract class BridgeLink implements AutoCloseable {

    /** The transports. */
    public enum Transport { TCP, HTTP }

    /**
     * Sends one packet of a flow; the future completes with the bridge's answer.
     *
     * @param sequence the packet's number within its flow (a numbered frame over TCP, the
     *                 {@code Understudy-Sequence} header over HTTP), or -1 to send it unnumbered
     */
    public abstract CompletableFuture<Delivery> send(int flowIndex, String flowId, long sequence, byte[] wire);

    /** Waits until every packet sent so far was answered. */
    public abstract void awaitReplies(Duration timeout) throws TimeoutException, InterruptedException;

    @Override
    public abstract void close();

    /**
     * Connects to a bridge.
     *
     * @throws BridgeUnavailableException when the bridge cannot be reached, saying where it was looked for
     */
    public static BridgeLink connect(Transport transport, String host, int port, int connections) {
        return transport == Transport.TCP ? Tcp.connect(host, port, connections) : Http.connect(host, port);
    }

    private static final class Tcp extends BridgeLink {
        private final List<TcpBridgeClient> connections;

        private Tcp(List<TcpBridgeClient> connections) {
            this.connections = connections;
        }

        static Tcp connect(String host, int port, int count) {
            List<TcpBridgeClient> connections = new ArrayList<>();
            try {
                for (int i = 0; i < count; i++) {
                    connections.add(TcpBridgeClient.connect(host, port));
                }
            } catch (IOException e) {
                connections.forEach(TcpBridgeClient::close);
                throw new BridgeUnavailableException("cannot reach the ingress bridge at tcp://" + host + ":" + port + " (" + e.getMessage()
                        + "); is 'understudy bridge' running there, with --tcp-port " + port + "?", e);
            }
            return new Tcp(connections);
        }

        @Override
        public CompletableFuture<Delivery> send(int flowIndex, String flowId, long sequence, byte[] wire) {
            TcpBridgeClient connection = connections.get(Math.floorMod(flowIndex, connections.size()));
            return connection.send(flowId, sequence, wire).handle((reply, error) -> {
                if (reply instanceof Reply.Ack ack) {
                    return Delivery.acknowledged(ack.partition(), ack.offset());
                }
                if (reply instanceof Reply.Error refused) {
                    return Delivery.refused(refused.reason().map(Enum::name).orElse("code " + refused.code()) + ": "
                            + refused.message());
                }
                return Delivery.refused(error != null ? "connection: " + error.getMessage() : "unexpected reply " + reply);
            });
        }

        @Override
        public void awaitReplies(Duration timeout) throws TimeoutException, InterruptedException {
            for (TcpBridgeClient connection : connections) {
                connection.awaitReplies(timeout);
            }
        }

        @Override
        public void close() {
            connections.forEach(TcpBridgeClient::close);
        }
    }

    private static final class Http extends BridgeLink {
        private final HttpBridgeClient client;
        /** Each flow's last request: the next one is sent when it completes. */
        private final ConcurrentHashMap<String, CompletableFuture<Delivery>> lastOfFlow = new ConcurrentHashMap<>();

        private Http(HttpBridgeClient client) {
            this.client = client;
        }

        static Http connect(String host, int port) {
            HttpBridgeClient client = new HttpBridgeClient(URI.create("http://" + host + ":" + port), Duration.ofSeconds(30));
            try {
                HttpBridgeClient.Response health = client.health();
                if (health.status() != 200) {
                    throw new BridgeUnavailableException("the ingress bridge at http://" + host + ":" + port + " is not healthy (HTTP "
                            + health.status() + ": " + health.body() + ")");
                }
            } catch (IOException e) {
                throw new BridgeUnavailableException("cannot reach the ingress bridge at http://" + host + ":" + port + " ("
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                        + "); is 'understudy bridge' running there, with --http-port " + port + "?", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BridgeUnavailableException("interrupted while reaching the bridge", e);
            }
            return new Http(client);
        }

        @Override
        public CompletableFuture<Delivery> send(int flowIndex, String flowId, long sequence, byte[] wire) {
            return lastOfFlow.compute(flowId, (flow, previous) -> {
                CompletableFuture<Delivery> after = previous == null ? CompletableFuture.completedFuture(null) : previous;
                return after.handle((ignored, error) -> null)
                        .thenCompose(ignored -> client.postAsync(flowId, sequence, wire))
                        .handle((response, error) -> {
                            if (error != null) {
                                return Delivery.refused("request: " + error.getMessage());
                            }
                            return response.published()
                                    .map(p -> Delivery.acknowledged(p.partition(), p.offset()))
                                    .orElseGet(() -> Delivery.refused("HTTP " + response.status() + ": " + response.body()));
                        });
            });
        }

        @Override
        public void awaitReplies(Duration timeout) throws TimeoutException, InterruptedException {
            try {
                CompletableFuture.allOf(lastOfFlow.values().toArray(new CompletableFuture[0]))
                        .get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                // every future is handled into a Delivery: nothing to report here
            }
        }

        @Override
        public void close() {
            // java.net.http keeps no connection that outlives its requests here
        }
    }
}
