package dev.walguard.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A fabric8 CRUD mock API server on a port of our choosing, so a test can stop it and start another one in its
 * place. Optionally the first watch of every resource gets a {@code 410 Gone}, as a real API server answers a watch
 * from a resourceVersion it no longer has: the informer must then list again.
 *
 * <p>A server started {@linkplain #startHeld held} answers {@code 503} to every client but the test's own
 * {@link #admin()} until {@link #release()}: the CRUD mock does not replay to a watch the events that came between
 * a list and that watch (a real API server does, from the list's resourceVersion), so a view must not list while
 * the test is still seeding.
 */
final class MockApiServer implements AutoCloseable {

    private static final String GONE = "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\","
            + "\"metadata\":{},\"status\":\"Failure\",\"message\":\"too old resource version\",\"reason\":\"Expired\","
            + "\"code\":410}}";

    private static final String ADMIN_HEADER = "X-Walguard-Test-Admin";

    private final KubernetesMockServer server;
    private final KubernetesClient admin;
    private final AtomicBoolean held;

    private MockApiServer(int port, boolean goneOnFirstWatch, boolean hold) {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        Dispatcher crud = new KubernetesMixedDispatcher(responses);
        held = new AtomicBoolean(hold);
        Dispatcher dispatcher = new Held(goneOnFirstWatch ? new GoneOnFirstWatch(crud) : crud, held);
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, dispatcher, false);
        server.init(InetAddress.getLoopbackAddress(), port);
        admin = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(Config.empty())
                        .withMasterUrl("http://127.0.0.1:" + server.getPort())
                        .withHttp2Disable(true)
                        .withCustomHeaders(Map.of(ADMIN_HEADER, "true"))
                        .build())
                .build();
    }

    static MockApiServer start(int port) {
        return new MockApiServer(port, false, false);
    }

    /** Started held: only {@link #admin()} is answered until {@link #release()}. */
    static MockApiServer startHeld(int port) {
        return new MockApiServer(port, false, true);
    }

    /** Started held, and the first watch of each resource gets {@code 410 Gone}. */
    static MockApiServer startAfterOutage(int port) {
        return new MockApiServer(port, true, true);
    }

    /** Lets every client in, once the test has seeded the state. */
    void release() {
        held.set(false);
    }

    int port() {
        return server.getPort();
    }

    int requestCount() {
        return server.getRequestCount();
    }

    /** A client for the test itself, to create and delete objects. */
    KubernetesClient admin() {
        return admin;
    }

    /** A client like the webhook's, with quick reconnects, for the view under test. */
    static KubernetesClient clientFor(int port) {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl("http://127.0.0.1:" + port)
                .withWatchReconnectInterval(100)
                .withRequestRetryBackoffLimit(0)
                .withConnectionTimeout(1_000)
                .withRequestTimeout(5_000)
                .withHttp2Disable(true)
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    @Override
    public void close() {
        admin.close();
        server.destroy();
    }

    /** 503 for everyone but the admin client while held. */
    private static final class Held extends Dispatcher {
        private final Dispatcher delegate;
        private final AtomicBoolean held;

        Held(Dispatcher delegate, AtomicBoolean held) {
            this.delegate = delegate;
            this.held = held;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            if (held.get() && request.getHeader(ADMIN_HEADER) == null) {
                return new MockResponse().setResponseCode(503);
            }
            return delegate.dispatch(request);
        }
    }

    private static final class GoneOnFirstWatch extends Dispatcher {
        private final Dispatcher delegate;
        private final Set<String> gone = ConcurrentHashMap.newKeySet();

        GoneOnFirstWatch(Dispatcher delegate) {
            this.delegate = delegate;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String path = request.getPath();
            int query = path.indexOf('?');
            if (query > 0 && path.contains("watch=true") && gone.add(path.substring(0, query))) {
                return new MockResponse().withWebSocketUpgrade(new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocket webSocket, Response response) {
                        webSocket.send(GONE);
                    }
                });
            }
            return delegate.dispatch(request);
        }
    }
}
