package no.grantreports.reexport.bench;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * rate, 2,928 errors), a measurement of the client more than of the service.
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

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest.Builder template = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token);
        HttpRequest request = body == null ? template.GET().build()
                : template.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();

        Histogram latencies = new Histogram(3);
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        ConcurrentHashMap<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();

        long warmup = Math.round(rate * warmupSeconds);
        long total = warmup + Math.round(rate * seconds);
        double periodNanos = 1e9 / rate;
        AtomicLong next = new AtomicLong();
        long start = System.nanoTime() + 10_000_000;
        AtomicLong lastSent = new AtomicLong(start);
        Thread[] lanes = new Thread[connections];
        for (int lane = 0; lane < connections; lane++) {
            lanes[lane] = new Thread(() -> {
                for (long i; (i = next.getAndIncrement()) < total; ) {
                    long intended = start + (long) (i * periodNanos);
                    long wait;
                    while ((wait = intended - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    int status;
                    try {
                        status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (IOException e) {
                        status = -1;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    long done = System.nanoTime();
                    if (i < warmup) {
                        continue;
                    }
                    lastSent.accumulateAndGet(done, Math::max);
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
        double measuredSeconds = (lastSent.get() - (start + (long) (warmup * periodNanos))) / 1e9;
        Histogram h = latencies;
        System.err.println("open-model: statuses " + statuses + " over " + connections + " connections");
        System.out.printf(Locale.ROOT, "open-model: sent=%d ok=%d errors=%d rate=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f%n",
                measured, ok.get(), errors.get(), measured / Math.max(measuredSeconds, 1e-9),
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(90) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0);
        System.exit(0);
    }
}
