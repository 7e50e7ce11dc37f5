package dev.walguard.deploy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Just enough of a Kubernetes API server, on a loopback port, for Helm's {@code lookup} of a Secret: discovery of
 * the core group and GET of a Secret, which is either known here or 404.
 */
final class FakeApiServer implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    FakeApiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Serves this Secret (base64 data values, as stored) to GETs from now on. */
    void secret(String namespace, String name, Map<String, String> data) {
        StringBuilder json = new StringBuilder("{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"")
                .append(name)
                .append("\",\"namespace\":\"")
                .append(namespace)
                .append("\"},\"type\":\"kubernetes.io/tls\",\"data\":{");
        String separator = "";
        for (Map.Entry<String, String> entry : data.entrySet()) {
            json.append(separator)
                    .append('"')
                    .append(entry.getKey())
                    .append("\":\"")
                    .append(entry.getValue())
                    .append('"');
            separator = ",";
        }
        secrets.put(
                "/api/v1/namespaces/" + namespace + "/secrets/" + name,
                json.append("}}").toString());
    }

    List<String> requests() {
        return List.copyOf(requests);
    }

    String kubeconfig() {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: fake
                    cluster:
                      server: http://127.0.0.1:%d
                contexts:
                  - name: fake
                    context:
                      cluster: fake
                      user: fake
                      namespace: default
                current-context: fake
                users:
                  - name: fake
                    user:
                      token: fake
                """.formatted(server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.add(exchange.getRequestMethod() + " " + path);
        String body;
        int status = 200;
        if (!exchange.getRequestMethod().equals("GET")) {
            status = 405;
            body = status("MethodNotAllowed", 405);
        } else if (path.equals("/api")) {
            body = "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":"
                    + "[{\"clientCIDR\":\"0.0.0.0/0\",\"serverAddress\":\"127.0.0.1\"}]}";
        } else if (path.equals("/apis")) {
            body = "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[]}";
        } else if (path.equals("/api/v1")) {
            body = "{\"kind\":\"APIResourceList\",\"groupVersion\":\"v1\",\"resources\":[{\"name\":\"secrets\","
                    + "\"singularName\":\"secret\",\"namespaced\":true,\"kind\":\"Secret\",\"verbs\":[\"get\",\"list\"]}]}";
        } else if (path.equals("/version")) {
            body = "{\"major\":\"1\",\"minor\":\"31\",\"gitVersion\":\"v1.31.0\"}";
        } else if (secrets.containsKey(path)) {
            body = secrets.get(path);
        } else {
            status = 404;
            body = status("NotFound", 404);
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String status(String reason, int code) {
        return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"" + reason
                + "\",\"code\":" + code + "}";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
