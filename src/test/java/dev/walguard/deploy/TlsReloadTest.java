package dev.walguard.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.walguard.http.Management;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * walguard configured as deploy/ and the chart configure it: Quarkus' TLS registry, configuration "walguard",
 * reading tls.crt and tls.key from a directory laid out as the kubelet lays out a mounted Secret (files behind a
 * {@code ..data} symlink that is swapped atomically on update). A renewed certificate must be served without a
 * restart. The reload period is 1 s here (1 m in the manifests).
 */
@QuarkusTest
@TestProfile(TlsReloadTest.Profile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TlsReloadTest {

    /** A kubelet-style Secret volume with a self-signed EC certificate in PKCS#8, as cert-manager writes it. */
    public static final class Profile implements QuarkusTestProfile {

        static final Path MOUNT = SecretVolume.create("CN=walguard-first", "EC", false);

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "walguard.cluster-state", "examples/cluster",
                    "quarkus.http.insecure-requests", "disabled",
                    "quarkus.http.tls-configuration-name", "walguard",
                    "quarkus.management.tls-configuration-name", "walguard",
                    "quarkus.tls.walguard.key-store.pem.serving.cert",
                            MOUNT.resolve("tls.crt").toString(),
                    "quarkus.tls.walguard.key-store.pem.serving.key",
                            MOUNT.resolve("tls.key").toString(),
                    "quarkus.tls.walguard.protocols", "TLSv1.3,TLSv1.2",
                    "quarkus.tls.walguard.cipher-suites", String.join(",", Expected.CIPHER_SUITES),
                    "quarkus.tls.walguard.reload-period", "1s");
        }
    }

    @Test
    @Order(1)
    void servesHttpsOnlyWithTls12AndTls13() throws Exception {
        assertThat(handshake("TLSv1.3")).isEqualTo(List.of("TLSv1.3", "CN=walguard-first"));
        assertThat(handshake("TLSv1.2")).isEqualTo(List.of("TLSv1.2", "CN=walguard-first"));
        int httpPort = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        assertThatThrownBy(() -> {
                    try (Socket plain = new Socket()) {
                        plain.connect(new InetSocketAddress("localhost", httpPort), 2000);
                    }
                })
                .isInstanceOf(ConnectException.class);
    }

    @Test
    @Order(2)
    void healthAndAdmissionAnswerOverHttps() throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .sslContext(trustAll())
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        HttpResponse<String> ready = client.send(
                HttpRequest.newBuilder(URI.create("https://localhost:" + Management.port() + "/q/health/ready"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"status\": \"UP\"");
        HttpResponse<String> review = client.send(
                HttpRequest.newBuilder(URI.create(base() + "/validate"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofFile(Path.of("examples/reviews/deny-sonarr-nfs.json")))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(review.statusCode()).isEqualTo(200);
        assertThat(review.body()).contains("\"allowed\":false", "\"uid\":\"0f3b7c21-5e8a-4d49-9b6e-2a1c8d7e4f60\"");
    }

    /** The manifests' cipher suites: AEAD with forward secrecy only; CBC and RSA key exchange are refused. */
    @Test
    @Order(3)
    void servesOnlyTheModernCipherSuites() throws Exception {
        assertThat(handshake("TLSv1.3", "TLS_CHACHA20_POLY1305_SHA256")).isEqualTo("TLS_CHACHA20_POLY1305_SHA256");
        assertThat(handshake("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"))
                .isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
        assertThat(handshake("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"))
                .isEqualTo("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
        for (String weak : List.of(
                "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
                "TLS_RSA_WITH_AES_128_GCM_SHA256")) {
            assertThatThrownBy(() -> handshake("TLSv1.2", weak))
                    .as(weak)
                    .isInstanceOf(javax.net.ssl.SSLException.class);
        }
    }

    /** The rotation lands as the kubelet writes it: a new timestamped directory, then an atomic ..data swap. */
    @Test
    @Order(4)
    void servesTheRenewedCertificateWithoutRestart() throws Exception {
        assertThat(handshake("TLSv1.3").get(1)).isEqualTo("CN=walguard-first");
        // Now an RSA key in PKCS#1, as the chart's genSignedCert writes it.
        SecretVolume.update(Profile.MOUNT, "CN=walguard-second", "RSA", true);
        // A handshake that lands while Vert.x swaps its SSL context may be cut off (seen under heavy load:
        // "Remote host terminated the handshake"); the next one gets the new certificate.
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptionsInstanceOf(javax.net.ssl.SSLException.class)
                .until(() -> handshake("TLSv1.3").get(1).equals("CN=walguard-second"));
        assertThat(handshake("TLSv1.2")).isEqualTo(List.of("TLSv1.2", "CN=walguard-second"));
    }

    private static String base() {
        return "https://localhost:" + ConfigProvider.getConfig().getValue("quarkus.http.test-ssl-port", Integer.class);
    }

    /** The negotiated protocol and the subject of the certificate served, trusting whatever is served. */
    private static List<String> handshake(String protocol) throws Exception {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-ssl-port", Integer.class);
        try (SSLSocket socket = (SSLSocket) trustAll().getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress("localhost", port), 2000);
            socket.setSoTimeout(5000);
            socket.setEnabledProtocols(new String[] {protocol});
            socket.startHandshake();
            X509Certificate served = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            return List.of(
                    socket.getSession().getProtocol(),
                    served.getSubjectX500Principal().getName());
        }
    }

    /** The cipher suite negotiated when the client offers only {@code suite}. */
    private static String handshake(String protocol, String suite) throws Exception {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-ssl-port", Integer.class);
        try (SSLSocket socket = (SSLSocket) trustAll().getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress("localhost", port), 2000);
            socket.setSoTimeout(5000);
            socket.setEnabledProtocols(new String[] {protocol});
            socket.setEnabledCipherSuites(new String[] {suite});
            socket.startHandshake();
            return socket.getSession().getCipherSuite();
        }
    }

    private static SSLContext trustAll() throws Exception {
        TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trustAll}, new SecureRandom());
        return context;
    }

    /** A directory shaped like a Secret volume: tls.crt -> ..data/tls.crt, ..data -> ..<timestamp>/. */
    static final class SecretVolume {

        private SecretVolume() {}

        static Path create(String subject, String keyAlgorithm, boolean pkcs1) {
            try {
                Path mount = Files.createTempDirectory("walguard-tls");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> Charts.deleteRecursively(mount)));
                update(mount, subject, keyAlgorithm, pkcs1);
                Files.createSymbolicLink(mount.resolve("tls.crt"), Path.of("..data/tls.crt"));
                Files.createSymbolicLink(mount.resolve("tls.key"), Path.of("..data/tls.key"));
                return mount;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static void update(Path mount, String subject, String keyAlgorithm, boolean pkcs1) {
            try {
                Path version = Files.createDirectory(mount.resolve("..version_" + System.nanoTime()));
                Pem pem = selfSigned(subject, keyAlgorithm, pkcs1);
                Files.writeString(version.resolve("tls.crt"), pem.certificate());
                Files.writeString(version.resolve("tls.key"), pem.key());
                Path next = Files.createSymbolicLink(mount.resolve("..data_tmp"), version.getFileName());
                Files.move(
                        next,
                        mount.resolve("..data"),
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private record Pem(String certificate, String key) {}

        /** A self-signed certificate for localhost from the JDK's keytool, as PEM. */
        private static Pem selfSigned(String subject, String keyAlgorithm, boolean pkcs1) throws IOException {
            Path dir = Files.createTempDirectory("walguard-keytool");
            Path store = dir.resolve("store.p12");
            String password = "changeit";
            List<String> command = new java.util.ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair",
                    "-alias",
                    "walguard",
                    "-keyalg",
                    keyAlgorithm,
                    "-dname",
                    subject,
                    "-ext",
                    "SAN=dns:localhost",
                    "-validity",
                    "2",
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    store.toString(),
                    "-storepass",
                    password,
                    "-keypass",
                    password));
            command.addAll(
                    keyAlgorithm.equals("EC") ? List.of("-groupname", "secp256r1") : List.of("-keysize", "2048"));
            Process keytool =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            try {
                if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                    throw new IllegalStateException("keytool failed: " + output);
                }
                KeyStore keyStore = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(store)) {
                    keyStore.load(in, password.toCharArray());
                }
                PrivateKey key = (PrivateKey) keyStore.getKey("walguard", password.toCharArray());
                X509Certificate certificate = (X509Certificate) keyStore.getCertificate("walguard");
                String keyPem = pkcs1
                        ? pem("RSA PRIVATE KEY", pkcs1FromPkcs8(key.getEncoded()))
                        : pem("PRIVATE KEY", key.getEncoded());
                return new Pem(pem("CERTIFICATE", certificate.getEncoded()), keyPem);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            } finally {
                Charts.deleteRecursively(dir);
            }
        }

        private static String pem(String type, byte[] der) {
            return "-----BEGIN " + type + "-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(der)
                    + "\n-----END " + type + "-----\n";
        }

        /** PrivateKeyInfo ::= SEQUENCE { version INTEGER, algorithm SEQUENCE, privateKey OCTET STRING (PKCS#1) }. */
        private static byte[] pkcs1FromPkcs8(byte[] pkcs8) {
            int[] position = {0};
            expect(pkcs8, position, 0x30);
            length(pkcs8, position);
            skip(pkcs8, position, 0x02);
            skip(pkcs8, position, 0x30);
            expect(pkcs8, position, 0x04);
            int length = length(pkcs8, position);
            return Arrays.copyOfRange(pkcs8, position[0], position[0] + length);
        }

        private static void skip(byte[] der, int[] position, int tag) {
            expect(der, position, tag);
            int length = length(der, position);
            position[0] += length;
        }

        private static void expect(byte[] der, int[] position, int tag) {
            if ((der[position[0]++] & 0xff) != tag) {
                throw new IllegalArgumentException("unexpected DER tag at " + (position[0] - 1));
            }
        }

        private static int length(byte[] der, int[] position) {
            int first = der[position[0]++] & 0xff;
            if (first < 0x80) {
                return first;
            }
            int length = 0;
            for (int i = 0; i < (first & 0x7f); i++) {
                length = (length << 8) | (der[position[0]++] & 0xff);
            }
            return length;
        }
    }
}
