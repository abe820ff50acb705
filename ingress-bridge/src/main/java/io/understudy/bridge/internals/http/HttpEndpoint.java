package io.understudy.bridge.internals.http;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import io.understudy.bridge.BridgeMetrics;
import io.understudy.bridge.config.BridgeConfig;
import io.understudy.bridge.internals.publish.PacketPublisher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP endpoint (routes and answers in {@link io.understudy.bridge.internals.http the package}). */
public final class HttpEndpoint implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpEndpoint.class);

    /** How long {@link #close} waits for requests being served to finish. */
    private static final long CLOSE_GRACE_MS = 1_000;

    private final HttpServer server;
    private final ThreadPoolExecutor executor;

    private HttpEndpoint(HttpServer server, ThreadPoolExecutor executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds {@code http.bind.host:http.port} and starts serving.
     *
     * @throws UncheckedIOException when the address cannot be bound (e.g. the port is taken)
     */
    public static HttpEndpoint start(BridgeConfig config, PacketPublisher publisher, BridgeMetrics metrics) {
        InetSocketAddress address = new InetSocketAddress(config.httpBindHost(), config.httpPort());
        HttpServer server;
        try {
            server = createServer(address, config);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen for HTTP on " + config.httpBindHost() + ":"
                    + config.httpPort() + ": " + e.getMessage(), e);
        }
        server.createContext(PacketsHandler.CONTEXT, new PacketsHandler(publisher, metrics,
                config.httpMaxBodyBytes(), config.httpAckTimeout(), HttpAuthentication.of(config)));
        server.createContext(HealthHandler.PATH, new HealthHandler(publisher));
        server.createContext(MetricsHandler.PATH, new MetricsHandler(metrics));
        server.createContext("/", exchange -> {
            try {
                ResponseWriter.notFound(exchange);
            } finally {
                exchange.close();
            }
        });
        ThreadPoolExecutor executor = new ThreadPoolExecutor(config.httpThreads(), config.httpThreads(), 0,
                TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), namedDaemonThreads());
        server.setExecutor(executor);
        server.start();
        log.info("HTTP{} endpoint listening on {} (authentication: {})", config.httpTls() ? "S" : "", server.getAddress(),
                config.httpAuthMode());
        return new HttpEndpoint(server, executor);
    }

    /** The one place the server is made: HTTPS when a key store is configured. */
    private static HttpServer createServer(InetSocketAddress address, BridgeConfig config) throws IOException {
        if (!config.httpTls()) {
            return HttpServer.create(address, 1024);
        }
        HttpsServer server = HttpsServer.create(address, 1024);
        server.setHttpsConfigurator(HttpTls.configurator(config));
        return server;
    }

    /** The address it listens on (with the actual port when 0 was asked for). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Lets requests being served finish (for up to a second), stops listening, and stops its threads. */
    @Override
    public void close() {
        // HttpServer.stop(n) of JDK 17 waits the whole n seconds even when no request is being served
        long deadline = System.currentTimeMillis() + CLOSE_GRACE_MS;
        while (executor.getActiveCount() > 0 && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        server.stop(0);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory namedDaemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "understudy-bridge-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
