package no.grantreports.reexport.job.engine;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import no.grantreports.reexport.report.rest.ReportApiTest;
import no.grantreports.reexport.testsupport.AppLauncher;
import no.grantreports.reexport.testsupport.TestEnvironment;
import no.grantreports.reexport.testsupport.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Load held (issue 6): 10,000 POSTs in 20 bursts of 500 concurrent requests against one packaged
 * instance with -Xmx256m and a low queue cap. Every answer is 202, or a clean 429/503 problem with
 * Retry-After; every accepted job completes with its file; no job exists for a refused request;
 * the instance stays alive, and its log has no OutOfMemoryError and, from the moment it is ready,
 * no blocked-thread warning (reported from 500 ms on instead of 2 s, see BLOCKED_AFTER).
 */
class LoadIT {

    static final String ORG = "org_load_it";
    static final String REPORT = "rpt_LOAD_SMALL";
    static final String API = "/api/v1/report-reexports";
    static final int BURSTS = Integer.getInteger("load.bursts", 20);
    static final int BURST_SIZE = Integer.getInteger("load.burst-size", 500);
    static final int MAX_PENDING = Integer.getInteger("load.max-pending", 300);
    static final int WARMUP = 20;
    /**
     * 500 ms, a quarter of Vert.x's default: on the shared 2-core build machine (load average ~20
     * during this test) even pure CPU work, e.g. one RSA token check, was seen descheduled for
     * 240 ms. Set -Dload.blocked-after=200ms on a quieter machine.
     */
    static final String BLOCKED_AFTER = System.getProperty("load.blocked-after", "500ms");

    static Path dataDir;
    static Path storage;
    static Path log;
    static int pgPort;
    static int port;
    static EmbeddedPostgres postgres;
    static Process app;
    static HttpClient http;
    /** Log length once the instance is ready: start-up is not load. */
    static long readyAt;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("load-pg-");
        storage = Files.createTempDirectory("load-files-");
        log = Files.createTempFile("load-app-", ".log");
        pgPort = freePort();
        port = freePort();
        postgres = EmbeddedPostgres.builder().setPort(pgPort).setDataDirectory(dataDir)
                .setServerConfig("fsync", "off").setServerConfig("max_connections", "100").start();
        List<String> command = AppLauncher.command(List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.datasource.reactive.url=postgresql://localhost:" + pgPort + "/postgres",
                "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://localhost:" + pgPort + "/postgres",
                "-Dquarkus.datasource.username=postgres", "-Dquarkus.datasource.password=postgres",
                "-Dmp.jwt.verify.publickey.location=" + Path.of("src/test/resources/jwt/test-public.pem").toAbsolutePath(),
                "-Dmp.jwt.verify.issuer=" + TestEnvironment.ISSUER,
                "-Dreexport.storage.root=" + storage,
                "-Dreexport.worker.poll-interval=1s",
                "-Dreexport.admission.max-pending=" + MAX_PENDING,
                // Report event-loop stalls from BLOCKED_AFTER on (default 2 s), with their stack.
                "-Dquarkus.vertx.max-event-loop-execute-time=" + BLOCKED_AFTER,
                "-Dquarkus.vertx.warning-exception-time=" + BLOCKED_AFTER));
        app = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> get("/q/health/ready").statusCode() == 200);
        HttpResponse<String> report = http.send(HttpRequest.newBuilder(uri("/api/v1/reports/" + REPORT))
                .header("Authorization", "Bearer " + Tokens.operator()).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(ReportApiTest.document(REPORT, ORG, "Budget", ""))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, report.statusCode(), report.body());
        // Warm-up, as any load test has: the first requests of a fresh JVM load classes and parse
        // queries on the event loop (start-up cost, not load; see the report and docs/operations.md).
        for (int i = 0; i < WARMUP; i++) {
            HttpResponse<String> response = http.send(post(), HttpResponse.BodyHandlers.ofString());
            assertEquals(202, response.statusCode(), response.body());
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                count("SELECT count(*) FROM reexport_job WHERE org_id = '" + ORG + "' AND status = 'completed'") == WARMUP);
        readyAt = Files.size(log);
    }

    static HttpRequest post() {
        String token = Tokens.token("user_load", ORG, "reexport:read", "reexport:write");
        String body = "{\"report_id\": \"" + REPORT + "\", \"export_params\": {\"format\": \"json\"}}";
        return HttpRequest.newBuilder(uri(API)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    @AfterAll
    static void stop() throws IOException {
        if (app != null) {
            app.destroy();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void tenThousandPostsAreAcceptedOrCleanlyRefusedAndEveryAcceptedJobCompletes() throws Exception {
        HttpRequest post = post();
        Pattern id = Pattern.compile("\"reexport_id\":\"(reexp_[0-9A-Z]{26})\"");

        Map<Integer, Integer> statuses = new TreeMap<>();
        Map<String, Integer> retryAfters = new TreeMap<>();
        List<String> accepted = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        long postStart = System.nanoTime();
        for (int burst = 0; burst < BURSTS; burst++) {
            List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < BURST_SIZE; i++) {
                responses.add(http.sendAsync(post, HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> future : responses) {
                HttpResponse<String> response;
                try {
                    response = future.join();
                } catch (RuntimeException e) {
                    wrong.add("no response: " + e);
                    continue;
                }
                int status = response.statusCode();
                statuses.merge(status, 1, Integer::sum);
                if (status == 202) {
                    Matcher m = id.matcher(response.body());
                    if (m.find()) {
                        accepted.add(m.group(1));
                    } else {
                        wrong.add("202 without an id: " + response.body());
                    }
                } else if (status == 429 || status == 503) {
                    String retryAfter = response.headers().firstValue("Retry-After").orElse(null);
                    String type = response.headers().firstValue("Content-Type").orElse("");
                    if (retryAfter == null || !retryAfter.matches("[1-9][0-9]*")) {
                        wrong.add(status + " with Retry-After " + retryAfter);
                    } else {
                        retryAfters.merge(status + ": " + retryAfter + " s", 1, Integer::sum);
                    }
                    if (!type.startsWith("application/problem+json") || !response.body().contains("\"status\":" + status)) {
                        wrong.add(status + " not a problem: " + type + " " + response.body());
                    }
                } else {
                    wrong.add(status + ": " + response.body());
                }
            }
        }
        double postSeconds = (System.nanoTime() - postStart) / 1e9;
        long drainStart = System.nanoTime();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() ->
                count("SELECT count(*) FROM reexport_job WHERE org_id = '" + ORG + "' AND status IN ('pending', 'processing')") == 0);
        double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
        int total = BURSTS * BURST_SIZE;
        System.out.printf("load: %d POSTs in %d bursts of %d in %.1f s (%.0f req/s): %s; Retry-After %s; "
                        + "%d accepted jobs drained %.1f s after the last POST; %d wrong answers%n",
                total, BURSTS, BURST_SIZE, postSeconds, total / postSeconds, statuses, retryAfters, accepted.size(),
                drainSeconds, wrong.size());

        assertTrue(wrong.isEmpty(), () -> wrong.size() + " wrong answers, e.g. " + wrong.subList(0, Math.min(5, wrong.size())));
        assertTrue(statuses.getOrDefault(202, 0) > 0, "some requests were accepted");
        assertTrue(statuses.getOrDefault(429, 0) > 0, "the queue cap refused some requests: " + statuses);
        long jobs = WARMUP + accepted.size();
        assertEquals(jobs, count("SELECT count(*) FROM reexport_job WHERE org_id = '" + ORG + "'"),
                "one job per accepted request, none for a refused one");
        assertEquals(jobs, count("SELECT count(*) FROM reexport_job WHERE org_id = '" + ORG
                + "' AND status = 'completed' AND output_file_ref IS NOT NULL"), "every accepted job completed");
        try (Stream<Path> files = Files.walk(storage.resolve("reports/" + ORG))) {
            assertEquals(jobs, files.filter(Files::isRegularFile).count(), "one file per job");
        }

        assertTrue(app.isAlive(), "the instance is still running");
        assertEquals(200, get("/q/health/live").statusCode());
        String output = Files.readString(log);
        assertFalse(output.contains("OutOfMemoryError"), "no OutOfMemoryError");
        assertFalse(output.contains("Unexpected failure"), "no 500 and no unexpected failure in the log");
        List<String> blocked = output.substring((int) readyAt).lines()
                .filter(line -> line.contains("has been blocked for")).toList();
        if (!blocked.isEmpty()) {
            fail(blocked.size() + " blocked-thread warnings, e.g. " + blocked.get(0) + "\n(log: " + log + ")");
        }
    }

    static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static long count(String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + pgPort + "/postgres", "postgres", "postgres");
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
