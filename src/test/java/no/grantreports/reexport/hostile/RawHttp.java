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
