package no.grantreports.reexport.bench;

import org.HdrHistogram.Histogram;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-model HTTP load, the way wrk2 does it: requests are due at a fixed rate whether or not earlier
 * ones have answered, and each latency is measured from the request's <em>intended</em> send time, so
 * a stall shows in the percentiles instead of silently slowing the client (coordinated omission
 * corrected). Like wrk2, the requests go over a fixed number of keep-alive connections (lanes): a
 * request due while every lane is busy waits for one, and that wait is part of its latency. Run by
 * bench/run-all.sh for M3 and G4 (list pages) and the end-to-end benchmark (POST).
 *
 * <p>An earlier version sent every request at once on its own ({@code sendAsync}, no bound): after
 * the first hiccup the JDK client opened hundreds of connections on the 2 cores the service used, the
 * admission control answered 503 and the backlog never drained (G4 p99 11.7 s at half the closed-loop
 * rate, 2,928 errors), a measurement of the client more than of the service. The next one used the JDK
 * client's blocking {@code send} per lane: bounded, but its per-request CPU (selector thread,
 * executor hand-offs) on the 2 cores the service and PostgreSQL share cut the service's capacity below
 * the target rate (M3 at half its wrk rate: p50 1.75 s, growing through the run). So each lane is now a
 * plain socket writing a prepared HTTP/1.1 request and reading the answer's length-framed or chunked
 * body, about as cheap per request as wrk.
 *
 * <p>Arguments: {@code URL RATE_PER_S DURATION_S TOKEN [BODY_FILE]} (a body means POST with JSON);
 * {@code -Dconnections=N} lanes (8, as wrk and pgbench in run-all.sh), {@code -Dwarmup=S} seconds sent
 * at the same rate before the measured ones and not recorded (0; run-all.sh gives the GETs 3 for the
 * client's own JIT warm-up, not the POSTs, whose jobs it counts).
 * Prints one machine-readable line: {@code open-model: sent=.. ok=.. errors=.. rate=.. p50_ms=..
 * p90_ms=.. p99_ms=.. max_ms=..} (about the measured requests).
 */
public final class OpenModelLoad {

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        double rate = Double.parseDouble(args[1]);
        double seconds = Double.parseDouble(args[2]);
        String token = args[3];
        byte[] body = args.length > 4 ? Files.readAllBytes(Path.of(args[4])) : null;
        int connections = Integer.getInteger("connections", 8);
        double warmupSeconds = Double.parseDouble(System.getProperty("warmup", "0"));

        byte[] request = request(uri, token, body);
        InetSocketAddress address = new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort());

        Histogram latencies = new Histogram(3);
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        ConcurrentHashMap<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();

        long warmup = Math.round(rate * warmupSeconds);
        long total = warmup + Math.round(rate * seconds);
        double periodNanos = 1e9 / rate;
        AtomicLong next = new AtomicLong();
        long start = System.nanoTime() + 10_000_000;
        AtomicLong lastDone = new AtomicLong(start);
        Thread[] lanes = new Thread[connections];
        for (int lane = 0; lane < connections; lane++) {
            lanes[lane] = new Thread(() -> {
                Connection connection = null;
                for (long i; (i = next.getAndIncrement()) < total; ) {
                    long intended = start + (long) (i * periodNanos);
                    long wait;
                    while ((wait = intended - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    int status;
                    try {
                        if (connection == null) {
                            connection = new Connection(address);
                        }
                        status = connection.exchange(request);
                        if (connection.closed) {
                            connection.close();
                            connection = null;
                        }
                    } catch (IOException e) {
                        status = -1;
                        if (connection != null) {
                            connection.close();
                            connection = null;
                        }
                    }
                    long done = System.nanoTime();
                    if (i < warmup) {
                        continue;
                    }
                    lastDone.accumulateAndGet(done, Math::max);
                    synchronized (latencies) {
                        latencies.recordValue(Math.max(1, (done - intended) / 1_000));
                    }
                    (status > 0 && status < 400 ? ok : errors).incrementAndGet();
                    statuses.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
                }
            }, "lane-" + lane);
            lanes[lane].start();
        }
        for (Thread lane : lanes) {
            lane.join();
        }
        long measured = total - warmup;
        double measuredSeconds = (lastDone.get() - (start + (long) (warmup * periodNanos))) / 1e9;
        System.err.println("open-model: statuses " + statuses + " over " + connections + " connections");
        System.out.printf(Locale.ROOT, "open-model: sent=%d ok=%d errors=%d rate=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f%n",
                measured, ok.get(), errors.get(), measured / Math.max(measuredSeconds, 1e-9),
                latencies.getValueAtPercentile(50) / 1000.0, latencies.getValueAtPercentile(90) / 1000.0,
                latencies.getValueAtPercentile(99) / 1000.0, latencies.getMaxValue() / 1000.0);
        System.exit(0);
    }

    private static byte[] request(URI uri, String token, byte[] body) {
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        StringBuilder head = new StringBuilder()
                .append(body == null ? "GET " : "POST ").append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n")
                .append("Authorization: Bearer ").append(token).append("\r\n");
        if (body != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
        if (body == null) {
            return headBytes;
        }
        byte[] whole = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, whole, 0, headBytes.length);
        System.arraycopy(body, 0, whole, headBytes.length, body.length);
        return whole;
    }

    /** One keep-alive HTTP/1.1 connection: a request written whole, the answer read and thrown away. */
    private static final class Connection {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        boolean closed;

        Connection(InetSocketAddress address) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(60_000);
            socket.connect(address, 10_000);
            in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            out = socket.getOutputStream();
        }

        int exchange(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            String statusLine = line();
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            for (String header; !(header = line()).isEmpty(); ) {
                int colon = header.indexOf(':');
                String name = header.substring(0, Math.max(colon, 0)).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> closed = value.equalsIgnoreCase("close");
                    default -> { }
                }
            }
            if (chunked) {
                for (long size; (size = Long.parseLong(line().split(";", 2)[0].trim(), 16)) > 0; ) {
                    skip(size);
                    line();
                }
                while (!line().isEmpty()) { } // trailers
            } else if (length >= 0) {
                skip(length);
            } else {
                closed = true; // read to the end: the body ends with the connection
                while (in.read() >= 0) { }
            }
            return status;
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c; (c = in.read()) != '\n'; ) {
                if (c < 0) {
                    throw new EOFException("connection closed mid-answer");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        private void skip(long bytes) throws IOException {
            for (long left = bytes; left > 0; ) {
                long skipped = in.skip(left);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new EOFException("connection closed mid-body");
                    }
                    skipped = 1;
                }
                left -= skipped;
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }
}
