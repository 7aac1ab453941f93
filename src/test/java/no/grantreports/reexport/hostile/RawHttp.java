package no.grantreports.reexport.hostile;

import io.restassured.RestAssured;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** HTTP/1.1 by hand, for what ordinary clients will not send: lying lengths, chunked floods, raw bytes in paths. */
final class RawHttp {

    enum Body {
        /** Content-Length matches the bytes sent. */
        EXACT,
        /** Only the Content-Length header (of the given size) is sent; the body never is. */
        DECLARED_ONLY,
        /** Transfer-Encoding: chunked, in chunks of 8 KiB, then the last chunk. */
        CHUNKED
    }

    private RawHttp() {
    }

    static HostileInputTest.Reply send(String method, byte[] rawPath, Map<String, String> headers, Body mode, byte[] body,
                                       long declaredLength) {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            head.write((method + " ").getBytes(StandardCharsets.US_ASCII));
            head.write(rawPath);
            StringBuilder rest = new StringBuilder(" HTTP/1.1\r\nHost: localhost\r\n");
            headers.forEach((name, value) -> rest.append(name).append(": ").append(value).append("\r\n"));
            switch (mode) {
                case EXACT -> rest.append("Content-Length: ").append(body.length).append("\r\n");
                case DECLARED_ONLY -> rest.append("Content-Length: ").append(declaredLength).append("\r\n");
                case CHUNKED -> rest.append("Transfer-Encoding: chunked\r\n");
            }
            rest.append("\r\n");
            head.write(rest.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(head.toByteArray());
            try {
                if (mode == Body.EXACT) {
                    out.write(body);
                } else if (mode == Body.CHUNKED) {
                    for (int i = 0; i < body.length; i += 8192) {
                        int n = Math.min(8192, body.length - i);
                        out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(body, i, n);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
            } catch (IOException refusedWhileSending) {
                // the server may answer and close before taking the whole body: read what it said
            }
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * As a simple client does: the head, then all of {@code body} in {@code piece}-byte writes
     * {@code pauseMillis} apart (chunked or with its length), and only then the answer. A write that fails
     * because the server closed the connection under it is thrown, as the client would see it.
     */
    static HostileInputTest.Reply sendSlowly(String method, String path, Map<String, String> headers, boolean chunked,
                                             byte[] body, int piece, long pauseMillis) throws IOException, InterruptedException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: localhost\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            head.append(chunked ? "Transfer-Encoding: chunked" : "Content-Length: " + body.length).append("\r\n\r\n");
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < body.length; i += piece) {
                int n = Math.min(piece, body.length - i);
                if (chunked) {
                    out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                }
                out.write(body, i, n);
                if (chunked) {
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
                Thread.sleep(pauseMillis);
            }
            if (chunked) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            return read(socket.getInputStream());
        }
    }

    static HostileInputTest.Reply read(InputStream in) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new TreeMap<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        byte[] body;
        if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(line(in).trim(), 16); size > 0; size = Integer.parseInt(line(in).trim(), 16)) {
                all.write(in.readNBytes(size));
                line(in);
            }
            body = all.toByteArray();
        } else {
            body = new byte[0];
        }
        return new HostileInputTest.Reply(status, headers.get("content-type"), new String(body, StandardCharsets.UTF_8),
                headers);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
