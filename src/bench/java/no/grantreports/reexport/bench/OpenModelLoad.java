package no.grantreports.reexport.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-model HTTP load (wrk2-style): requests go out at a fixed rate whether or not earlier ones
 * have answered, and each latency is measured from the request's <em>intended</em> send time, so a
 * stall shows in the percentiles instead of silently slowing the client (coordinated omission
 * corrected). Run by bench/run-all.sh for M3 (list page) and the end-to-end benchmark (POST).
 *
 * <p>Arguments: {@code URL RATE_PER_S DURATION_S TOKEN [BODY_FILE]} (a body means POST with JSON).
 * Prints one machine-readable line: {@code open-model: sent=.. ok=.. errors=.. rate=.. p50_ms=..
 * p90_ms=.. p99_ms=.. max_ms=..}.
 */
public final class OpenModelLoad {

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        double rate = Double.parseDouble(args[1]);
        double seconds = Double.parseDouble(args[2]);
        String token = args[3];
        byte[] body = args.length > 4 ? Files.readAllBytes(Path.of(args[4])) : null;

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newFixedThreadPool(2)).build();
        HttpRequest.Builder template = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token);
        HttpRequest request = body == null ? template.GET().build()
                : template.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();

        Recorder recorder = new Recorder(3);
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        ConcurrentHashMap<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        Phaser outstanding = new Phaser(1);

        long total = Math.round(rate * seconds);
        double periodNanos = 1e9 / rate;
        long start = System.nanoTime();
        for (long i = 0; i < total; i++) {
            long intended = start + (long) (i * periodNanos);
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            outstanding.register();
            client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                recorder.recordValue(Math.max(1, (System.nanoTime() - intended) / 1_000));
                if (failure == null && response.statusCode() < 400) {
                    ok.incrementAndGet();
                } else {
                    errors.incrementAndGet();
                }
                statuses.computeIfAbsent(failure == null ? response.statusCode() : -1, k -> new AtomicLong()).incrementAndGet();
                outstanding.arriveAndDeregister();
            });
        }
        long sentNanos = System.nanoTime() - start;
        try {
            outstanding.awaitAdvanceInterruptibly(outstanding.arrive(), 90, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            System.err.println("open-model: requests still outstanding after 90 s");
        }
        Histogram h = recorder.getIntervalHistogram();
        System.err.println("open-model: statuses " + statuses);
        System.out.printf(Locale.ROOT, "open-model: sent=%d ok=%d errors=%d rate=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f%n",
                total, ok.get(), errors.get(), total / (sentNanos / 1e9),
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(90) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0);
        System.exit(0);
    }
}
