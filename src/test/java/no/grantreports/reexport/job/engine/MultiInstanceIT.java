package no.grantreports.reexport.job.engine;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import no.grantreports.reexport.testsupport.LargeReportDocument;
import no.grantreports.reexport.testsupport.Tokens;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The job engine's proofs, on real processes: two packaged instances (-Xmx256m) on one PostgreSQL.
 * 1. 500 jobs spread over both: each completed exactly once, one file per job.
 * 2. kill -9 of the instance building a large export: the survivor rescues and completes it,
 *    the file the job references is whole, and the dead attempt's temporary file is swept.
 * 3. PostgreSQL stopped and started again under load: readiness goes down and comes back, the
 *    service recovers without a restart, no job is lost.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiInstanceIT {

    static final String ORG = "org_cluster_it";
    static final String BASE = "/api/v1/report-reexports";

    static Path dataDir;
    static Path storage;
    static int pgPort;
    static EmbeddedPostgres postgres;
    static final Map<String, Instance> instances = new HashMap<>();
    /** reexport.worker.concurrency=0: serves the API, never builds a file. */
    static Instance apiOnly;

    record Instance(String name, int port, Process process) {
        RequestSpecification api() {
            return given().baseUri("http://localhost").port(port);
        }
    }

    @BeforeAll
    static void startCluster() throws Exception {
        dataDir = Files.createTempDirectory("cluster-pg-");
        storage = Files.createTempDirectory("cluster-files-");
        pgPort = freePort();
        postgres = startPostgres();
        for (String name : List.of("instance-a", "instance-b")) {
            instances.put(name, start(name));
        }
        apiOnly = start("api-only", "-Dreexport.worker.concurrency=0");
        for (Instance instance : instances.values()) {
            awaitReady(instance, Duration.ofSeconds(90));
        }
        awaitReady(apiOnly, Duration.ofSeconds(90));
        // Reports for the test organisation, loaded through one instance.
        given().baseUri("http://localhost").port(instances.get("instance-a").port()).auth().oauth2(Tokens.operator())
                .contentType(ContentType.JSON).body(small("rpt_CLUSTER_SMALL")).put("/api/v1/reports/rpt_CLUSTER_SMALL")
                .then().statusCode(201);
    }

    @AfterAll
    static void stopCluster() throws IOException {
        instances.values().forEach(i -> i.process().destroy());
        if (apiOnly != null) {
            apiOnly.process().destroy();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    @Order(1)
    void fiveHundredJobsOnTwoInstancesAreEachCompletedExactlyOnce() throws Exception {
        List<Instance> both = List.copyOf(instances.values());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            ids.add(both.get(i % 2).api().auth().oauth2(token()).contentType(ContentType.JSON)
                    .body("{\"report_id\": \"rpt_CLUSTER_SMALL\", \"export_params\": {\"format\": \"json\"}}")
                    .post(BASE).then().statusCode(202).extract().path("reexport_id"));
        }
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() ->
                count("SELECT count(*) FROM reexport_job WHERE org_id = '" + ORG + "' AND status IN ('pending', 'processing')") == 0);
        assertEquals(500, count("SELECT count(*) FROM reexport_job WHERE org_id = '" + ORG + "' AND status = 'completed'"));
        assertEquals(0, count("SELECT count(*) FROM reexport_job WHERE org_id = '" + ORG + "' AND attempt <> 1"),
                "no job was taken twice");
        try (Stream<Path> files = Files.walk(storage.resolve("reports/" + ORG))) {
            assertEquals(500, files.filter(Files::isRegularFile).count(), "one file per job");
        }
        for (Instance instance : both) {
            String metrics = instance.api().get("/q/metrics").asString();
            assertTrue(metrics.contains("reexport_jobs_finished_total{format=\"json\""), instance.name() + " did work");
        }
    }

    @Test
    @Order(2)
    void killingTheInstanceMidExportLetsTheOtherFinishTheJob() throws Exception {
        Instance loader = instances.get("instance-a");
        loader.api().auth().oauth2(Tokens.operator()).contentType(ContentType.JSON)
                .body(new LargeReportDocument("rpt_CLUSTER_LARGE", ORG, 300_000)).put("/api/v1/reports/rpt_CLUSTER_LARGE")
                .then().statusCode(201);
        String id = loader.api().auth().oauth2(token()).contentType(ContentType.JSON)
                .body("{\"report_id\": \"rpt_CLUSTER_LARGE\", \"export_params\": {\"format\": \"xlsx\"}}")
                .post(BASE).then().statusCode(202).extract().path("reexport_id");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> "processing".equals(value("SELECT status FROM reexport_job WHERE reexport_id = '" + id + "'")));
        String owner = value("SELECT locked_by FROM reexport_job WHERE reexport_id = '" + id + "'");
        Instance victim = instances.get(owner);
        victim.process().destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no release
        instances.remove(owner);

        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> "completed".equals(value("SELECT status FROM reexport_job WHERE reexport_id = '" + id + "'")));
        assertEquals("2", value("SELECT attempt FROM reexport_job WHERE reexport_id = '" + id + "'"), "rescued once");
        String ref = value("SELECT output_file_ref FROM reexport_job WHERE reexport_id = '" + id + "'");
        assertTrue(ref.endsWith("_a2.xlsx"), ref);
        File file = storage.resolve(ref).toFile();
        try (ReadableWorkbook workbook = new ReadableWorkbook(file)) {
            assertEquals(300_001, workbook.findSheet("Big table").orElseThrow().openStream().count(), "the whole file");
        }
        try (Stream<Path> files = Files.list(file.toPath().getParent())) {
            assertEquals(1, files.filter(f -> f.getFileName().toString().contains(id.substring(6))
                    && !f.getFileName().toString().startsWith(".")).count(), "exactly one finished file for the job");
        }
        // Issue 12 item 3: the killed attempt's partial .…xlsx.<uuid>.tmp is swept once it is older than
        // the lease (3 s here) and no live claim owns it: the folder holds exactly the jobs' files.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertEquals(jobFiles(), storedFiles(), "the storage folder holds exactly the completed jobs' files"));
    }

    static java.util.Set<String> storedFiles() throws IOException {
        try (Stream<Path> files = Files.walk(storage)) {
            return files.filter(Files::isRegularFile).map(f -> storage.relativize(f).toString().replace('\\', '/'))
                    .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
        }
    }

    static java.util.Set<String> jobFiles() {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + pgPort + "/postgres", "postgres", "postgres");
             ResultSet rs = c.createStatement().executeQuery("SELECT output_file_ref FROM reexport_job WHERE status = 'completed'")) {
            java.util.Set<String> refs = new java.util.TreeSet<>();
            while (rs.next()) {
                refs.add(rs.getString(1));
            }
            return refs;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(3)
    void theServiceRidesOutAPostgresRestartWithoutLosingJobs() throws Exception {
        Instance survivor = instances.values().iterator().next();
        List<String> before = post(survivor, 20);
        postgres.close();
        await().atMost(Duration.ofSeconds(30)).until(() -> survivor.api().get("/q/health/ready").statusCode() == 503);
        Thread.sleep(2_000); // keep the database away a little while, as a real restart would
        postgres = startPostgres();
        awaitReady(survivor, Duration.ofSeconds(60));
        List<String> after = post(survivor, 20);
        List<String> all = new ArrayList<>(before);
        all.addAll(after);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() ->
                all.stream().allMatch(id -> "completed".equals(value("SELECT status FROM reexport_job WHERE reexport_id = '" + id + "'"))));
    }

    @Test
    @Order(4)
    void anApiOnlyInstanceTakesJobsThatTheWorkersBuild() {
        List<String> ids = post(apiOnly, 20);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() ->
                ids.stream().allMatch(id -> "completed".equals(value("SELECT status FROM reexport_job WHERE reexport_id = '" + id + "'"))));
        // the counter appears with an instance's first finished job (test 1 relies on it for "did work")
        String metrics = apiOnly.api().get("/q/metrics").asString();
        assertFalse(metrics.contains("reexport_jobs_finished_total{"), "the API-only instance finished no job");
        apiOnly.api().auth().oauth2(token()).get(BASE + "/" + ids.get(0)).then().statusCode(200)
                .body("status", equalTo("completed"));
    }

    // ------------------------------------------------------------------ helpers

    static List<String> post(Instance instance, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(instance.api().auth().oauth2(token()).contentType(ContentType.JSON)
                    .body("{\"report_id\": \"rpt_CLUSTER_SMALL\", \"export_params\": {\"format\": \"csv\"}}")
                    .post(BASE).then().statusCode(202).extract().path("reexport_id"));
        }
        return ids;
    }

    static String token() {
        return Tokens.token("user_cluster", ORG, "reexport:read", "reexport:write");
    }

    static String small(String reportId) {
        return no.grantreports.reexport.report.rest.ReportApiTest.document(reportId, ORG, "Budget", "");
    }

    static EmbeddedPostgres startPostgres() throws IOException {
        return EmbeddedPostgres.builder().setPort(pgPort).setDataDirectory(dataDir).setCleanDataDirectory(false)
                .setServerConfig("fsync", "off").start();
    }

    static Instance start(String name, String... extraOptions) throws IOException {
        int port = freePort();
        List<String> options = new ArrayList<>(List.of("-Xmx256m",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.datasource.reactive.url=postgresql://localhost:" + pgPort + "/postgres",
                "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://localhost:" + pgPort + "/postgres",
                "-Dquarkus.datasource.username=postgres", "-Dquarkus.datasource.password=postgres",
                "-Dmp.jwt.verify.publickey.location=" + Path.of("src/test/resources/jwt/test-public.pem").toAbsolutePath(),
                "-Dmp.jwt.verify.issuer=" + no.grantreports.reexport.testsupport.TestEnvironment.ISSUER,
                "-Dreexport.storage.root=" + storage,
                "-Dreexport.worker.instance-id=" + name,
                "-Dreexport.worker.lease=3s", "-Dreexport.worker.rescue-interval=1s",
                "-Dreexport.worker.poll-interval=1s", "-Dreexport.worker.retry-backoff=500ms",
                // a short sweep, so the kill -9 case sees the dead export's temporary file go
                "-Dreexport.storage.temp-sweep-interval=1s"));
        options.addAll(List.of(extraOptions));
        List<String> command = no.grantreports.reexport.testsupport.AppLauncher.command(options);
        Path log = Files.createTempFile("cluster-" + name + "-", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new Instance(name, port, process);
    }

    static void awaitReady(Instance instance, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> instance.api().get("/q/health/ready").statusCode() == 200);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static long count(String sql) {
        return Long.parseLong(value(sql));
    }

    static String value(String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + pgPort + "/postgres", "postgres", "postgres");
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }
}
