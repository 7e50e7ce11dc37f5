package dev.walguard.http;

import io.restassured.RestAssured;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A client socket on the webhook port that sends exactly what a test writes, for requests no HTTP client sends. */
final class RawHttp implements AutoCloseable {

    /** What the server sent, and whether it then closed the connection (and when, since the read began). */
    record Read(String text, boolean closed, Duration elapsed) {}

    private final Socket socket = new Socket();

    RawHttp() {
        try {
            socket.connect(new InetSocketAddress("localhost", RestAssured.port), 5000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Headers for a POST to /validate that declares {@code length} bytes of JSON, then {@code body}. */
    static String post(long length, String body) {
        return "POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                + length + "\r\n\r\n" + body;
    }

    RawHttp send(String text) {
        try {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything until the server closes the connection, or until {@code within} passes without it closing. */
    Read readUntilClosed(Duration within) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long start = System.nanoTime();
        boolean closed = false;
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            while (true) {
                long left = within.toMillis()
                        - Duration.ofNanos(System.nanoTime() - start).toMillis();
                if (left <= 0) {
                    break;
                }
                socket.setSoTimeout((int) left);
                int n = in.read(buffer);
                if (n < 0) {
                    closed = true;
                    break;
                }
                out.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            // Not closed within the bound.
        } catch (SocketException e) {
            // A reset is a close too.
            closed = true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Read(out.toString(StandardCharsets.UTF_8), closed, Duration.ofNanos(System.nanoTime() - start));
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing a test socket: nothing to do.
        }
    }
}
