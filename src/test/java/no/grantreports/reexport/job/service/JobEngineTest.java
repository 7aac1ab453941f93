package no.grantreports.reexport.job.service;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import no.grantreports.reexport.testsupport.TestIds;
import no.grantreports.reexport.job.repository.JobQueueRepository;
import no.grantreports.reexport.job.repository.JobQueueRepository.Claim;
import no.grantreports.reexport.testsupport.TestDatabase;
import no.grantreports.reexport.testsupport.TestEnvironment;
import no.grantreports.reexport.testsupport.Tokens;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The job engine: claims, leases and fencing, rescue, retries, idempotent creation, ETags. */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
class JobEngineTest {

    static final String BASE = "/api/v1/report-reexports";
    static final String REPORT = "rpt_01HX9K2M3N4P5Q6R7S8T9U0V";

    @Inject
    JobQueueRepository queue;

    static String parkedJob() {
        String id = TestIds.next();
        TestDatabase.insertJob(id, REPORT, Tokens.ORG_A, "pending", Instant.now());
        return id;
    }

    static Map<String, Object> awaitStatus(String id, String... statuses) {
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100))
                .until(() -> List.of(statuses).contains((String) TestDatabase.job(id).get("status")));
        return TestDatabase.job(id);
    }

    @Test
    void aJobWhoseInstanceDiedIsRescuedAndCompletedByAnother() {
        String id = parkedJob();
        TestDatabase.update("UPDATE reexport_job SET status = 'processing', attempt = 1, locked_by = 'dead-instance', "
                + "lease_until = now() - interval '1 second', next_attempt_at = now() WHERE reexport_id = ?", id);
        Map<String, Object> row = awaitStatus(id, "completed", "failed");
        assertEquals("completed", row.get("status"));
        assertEquals(2, row.get("attempt"), "taken again once");
        assertNull(row.get("locked_by"));
        assertTrue(((String) row.get("output_file_ref")).endsWith("_a2.xlsx"), "the second attempt's own file");
        given().auth().oauth2(Tokens.userA()).get(BASE + "/" + id).then()
                .body("attempts", equalTo(2)).body("error_code", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void aJobWhoseInstanceDiedWithNoAttemptsLeftFailsAsWorkerLost() {
        String id = parkedJob();
        TestDatabase.update("UPDATE reexport_job SET status = 'processing', attempt = 5, locked_by = 'dead-instance', "
                + "lease_until = now() - interval '1 second' WHERE reexport_id = ?", id);
        Map<String, Object> row = awaitStatus(id, "failed", "pending", "completed");
        assertEquals("failed", row.get("status"));
        assertEquals("worker_lost", row.get("error_code"));
        given().auth().oauth2(Tokens.userA()).get(BASE + "/" + id).then()
                .body("error_code", equalTo("worker_lost")).body("error_message", containsString("stopped responding"));
    }

    @Test
    void aWorkerThatLostItsClaimCannotFinishTheJob() {
        String id = parkedJob();
        TestDatabase.update("UPDATE reexport_job SET status = 'processing', attempt = 3, locked_by = 'the-owner', "
                + "lease_until = now() + interval '1 hour' WHERE reexport_id = ?", id);
        Claim stale = new Claim(id, 2);
        assertFalse(queue.complete(stale, "the-owner", "reports/x/stale.xlsx", 10, 1).await().indefinitely(), "old attempt");
        assertFalse(queue.complete(new Claim(id, 3), "someone-else", "reports/x/other.xlsx", 10, 1).await().indefinitely(),
                "another instance");
        assertFalse(queue.extendLease(stale, "the-owner", Duration.ofMinutes(1)).await().indefinitely());
        Map<String, Object> row = TestDatabase.job(id);
        assertEquals("processing", row.get("status"));
        assertNull(row.get("output_file_ref"));
        assertTrue(queue.complete(new Claim(id, 3), "the-owner", "reports/x/real.xlsx", 10, 1).await().indefinitely());
        assertEquals("completed", TestDatabase.job(id).get("status"));
    }

    /** A second claimer races the service's own worker for the same jobs: SKIP LOCKED gives each job to one. */
    @Test
    void competingClaimersNeverTakeTheSameJob() throws Exception {
        String org = "org_race_" + System.nanoTime();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String id = TestIds.next();
            TestDatabase.insertJob(id, REPORT, org, "pending", Instant.now()); // parked: not due yet
            ids.add(id);
        }
        // All 60 become due in one statement and nobody is woken, so the rival claims first and the
        // service finds the rest at its next poll (1 s). Inserted due one by one, the service's worker
        // could finish all 60 before the rival's first claim on a quiet machine.
        TestDatabase.update("UPDATE reexport_job SET next_attempt_at = now() WHERE org_id = ?", org);
        Set<String> takenByRival = ConcurrentHashMap.newKeySet();
        AtomicBoolean doubleClaim = new AtomicBoolean();
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (System.nanoTime() < deadline && TestDatabase.count(
                "SELECT count(*) FROM reexport_job WHERE org_id = ? AND status IN ('pending', 'processing')", org) > 0) {
            for (Claim claim : queue.claim("rival-instance", Duration.ofMinutes(1), 2).await().indefinitely()) {
                doubleClaim.compareAndSet(false, !takenByRival.add(claim.reexportId()));
                queue.complete(claim, "rival-instance", "reports/" + org + "/rival-" + claim.reexportId(), 1, 1)
                        .await().indefinitely();
            }
            Thread.sleep(100); // a rival about as fast as the service, so both get work
        }
        assertFalse(doubleClaim.get());
        for (String id : ids) {
            Map<String, Object> row = TestDatabase.job(id);
            assertEquals("completed", row.get("status"), id);
            assertEquals(1, row.get("attempt"), "claimed exactly once: " + id);
        }
        long byService = ids.size() - takenByRival.size();
        assertTrue(byService > 0 && !takenByRival.isEmpty(),
                "both claimers took jobs (service " + byService + ", rival " + takenByRival.size() + ")");
    }

    @Test
    void transientFailuresRetryWithBackoffUntilAttemptsRunOut() throws Exception {
        String org = "org_flaky_" + System.nanoTime();
        String reportId = "rpt_FLAKY_" + System.nanoTime();
        given().auth().oauth2(Tokens.operator()).contentType(ContentType.JSON)
                .body(no.grantreports.reexport.report.rest.ReportApiTest.document(reportId, org, "Budget", ""))
                .put("/api/v1/reports/" + reportId).then().statusCode(201);
        // A plain file where the organisation's folder should be: every write fails with an I/O error.
        Path blocker = TestEnvironment.storedFile("reports/" + org);
        Files.createDirectories(blocker.getParent());
        Files.writeString(blocker, "not a folder");
        String id = given().auth().oauth2(Tokens.token("user_f", org, "reexport:write", "reexport:read"))
                .contentType(ContentType.JSON).body("{\"report_id\": \"" + reportId + "\"}").post(BASE)
                .then().statusCode(202).extract().path("reexport_id");

        Map<String, Object> row = awaitStatus(id, "failed", "completed");
        assertEquals("failed", row.get("status"));
        assertEquals("attempts_exhausted", row.get("error_code"));
        assertEquals(5, row.get("attempt"), "reexport.worker.max-attempts");
        assertTrue(((String) row.get("error_message")).contains("could not be stored"));
    }

    @Test
    void getAnswersAnEtagAndRetryAfterWhileTheJobRuns() {
        String id = parkedJob();
        Response response = given().auth().oauth2(Tokens.userA()).get(BASE + "/" + id);
        response.then().statusCode(200).header("ETag", "\"0\"").header("Retry-After", notNullValue());
        assertTrue(Integer.parseInt(response.header("Retry-After")) >= 1);
    }

    @Test
    void putAndDeleteHonourIfMatch() {
        String id = parkedJob();
        given().auth().oauth2(Tokens.operator()).contentType(ContentType.JSON).header("If-Match", "\"7\"")
                .body("{\"notified\": true}").put(BASE + "/" + id)
                .then().statusCode(412).contentType("application/problem+json");
        assertEquals(false, TestDatabase.job(id).get("notified"), "nothing changed");
        String etag = given().auth().oauth2(Tokens.operator()).contentType(ContentType.JSON).header("If-Match", "\"0\"")
                .body("{\"notified\": true}").put(BASE + "/" + id)
                .then().statusCode(200).header("ETag", "\"1\"").extract().header("ETag");
        given().auth().oauth2(Tokens.userA()).header("If-Match", "\"0\"").delete(BASE + "/" + id).then().statusCode(412);
        given().auth().oauth2(Tokens.userA()).header("If-Match", etag).delete(BASE + "/" + id).then().statusCode(200)
                .body("cancelled", equalTo(true));
        given().auth().oauth2(Tokens.userA()).get(BASE + "/" + id).then().statusCode(200)
                .body("status", equalTo("cancelled")).header("Retry-After", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void twentyConcurrentIdenticalPostsCreateOneJob() throws Exception {
        String key = "retry-" + System.nanoTime();
        String body = "{\"report_id\": \"" + REPORT + "\", \"export_params\": {\"format\": \"json\"}}";
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            answers.add(pool.submit((Callable<Response>) () -> {
                start.await();
                return given().auth().oauth2(Tokens.userA()).contentType(ContentType.JSON)
                        .header("Idempotency-Key", key).body(body).post(BASE);
            }));
        }
        start.countDown();
        Set<String> ids = new HashSet<>();
        Set<String> bodies = new HashSet<>();
        AtomicInteger replayed = new AtomicInteger();
        for (Future<Response> answer : answers) {
            Response response = answer.get();
            assertEquals(202, response.statusCode(), response.asString());
            ids.add(response.path("reexport_id"));
            bodies.add(response.asString());
            if ("true".equals(response.header("Idempotent-Replayed"))) {
                replayed.incrementAndGet();
            }
        }
        pool.shutdown();
        assertEquals(1, ids.size(), "one job");
        assertEquals(1, bodies.size(), "the same body every time");
        assertEquals(19, replayed.get());
        assertEquals(1L, TestDatabase.count("SELECT count(*) FROM idempotency_key WHERE idempotency_key = ?", key));

        // Later, after the job ran, a retry still gets the original answer.
        String id = ids.iterator().next();
        awaitStatus(id, "completed");
        Response again = given().auth().oauth2(Tokens.userA()).contentType(ContentType.JSON)
                .header("Idempotency-Key", key).body(body).post(BASE);
        again.then().statusCode(202).body("status", equalTo("pending")).body("reexport_id", equalTo(id));
        assertEquals(bodies.iterator().next(), again.asString());

        given().auth().oauth2(Tokens.userA()).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body("{\"report_id\": \"" + REPORT + "\"}").post(BASE)
                .then().statusCode(422).contentType("application/problem+json");
        // Keys are per organisation.
        given().auth().oauth2(Tokens.userB()).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body("{\"report_id\": \"rpt_01HZ4C8D9E0F1G2H3J4K5M6N\"}").post(BASE)
                .then().statusCode(202);
        given().auth().oauth2(Tokens.userA()).contentType(ContentType.JSON).header("Idempotency-Key", "has space")
                .body(body).post(BASE).then().statusCode(400);
    }
}
