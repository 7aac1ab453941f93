package no.grantreports.reexport.job.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import no.grantreports.reexport.testsupport.TestDatabase;
import no.grantreports.reexport.testsupport.TestEnvironment;
import no.grantreports.reexport.testsupport.Tokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static no.grantreports.reexport.job.rest.ReexportApiTest.REPORT_A;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The queue cap: at max-pending pending jobs a new job is 429 with Retry-After; a replay still answers. */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
@TestProfile(AdmissionTest.SmallQueue.class)
class AdmissionTest {

    /** Well above what other test classes leave pending in the shared database, so the first POST gets in. */
    static final int CAP = 2000;
    static final String BASE = "/api/v1/report-reexports";
    static final String BODY = "{\"report_id\": \"" + REPORT_A + "\", \"export_params\": {\"format\": \"json\"}}";
    /** The organisation of the parked jobs this test puts in the queue, to remove them again. */
    static final String FILLER_ORG = "org_admission_filler";

    public static class SmallQueue implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("reexport.admission.max-pending", Integer.toString(CAP),
                    "reexport.admission.refresh-interval", "200ms");
        }
    }

    @AfterEach
    void emptyTheQueue() {
        TestDatabase.update("DELETE FROM reexport_job WHERE org_id = ?", FILLER_ORG);
    }

    static Response post(String idempotencyKey) {
        var request = given().auth().oauth2(Tokens.userA()).contentType(ContentType.JSON).body(BODY);
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.post(BASE);
    }

    static long jobs() {
        return TestDatabase.count("SELECT count(*) FROM reexport_job");
    }

    /** Parks pending jobs (not due for a day, in an organisation of their own) until the queue holds the cap. */
    static void fillTheQueue() {
        long pending = TestDatabase.count("SELECT count(*) FROM reexport_job WHERE status = 'pending'");
        TestDatabase.update("INSERT INTO reexport_job (reexport_id, report_id, org_id, status, format, include_annexes, "
                + "locale, requested_by, requested_at, updated_at, next_attempt_at) "
                + "SELECT 'reexp_' || upper(substr(md5(random()::text || n), 1, 26)), ?, ?, 'pending', 'json', false, "
                + "'en-GB', 'filler', now(), now(), now() + interval '1 day' FROM generate_series(1, ?) AS n",
                REPORT_A, FILLER_ORG, (int) Math.max(0, CAP - pending));
    }

    @Test
    void aFullQueueRefusesNewJobsWith429AndRetryAfterButStillReplays() {
        String key = "admission-" + UUID.randomUUID();
        String id = post(key).then().statusCode(202).extract().path("reexport_id");

        fillTheQueue();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> post(null).statusCode() == 429);

        long before = jobs();
        Response refused = post(null);
        refused.then().statusCode(429).contentType("application/problem+json")
                .body("status", equalTo(429))
                .body("title", equalTo("Too Many Requests"))
                .body("detail", containsString("queue is full"))
                .body("instance", equalTo(BASE));
        int retryAfter = Integer.parseInt(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        post("admission-" + UUID.randomUUID()).then().statusCode(429).header("Retry-After", equalTo(Integer.toString(retryAfter)));
        assertEquals(before, jobs(), "nothing was created for a refused request");

        // The client that retries a request it already got through is answered as before.
        post(key).then().statusCode(202).header("Idempotent-Replayed", "true").body("reexport_id", equalTo(id));
        assertEquals(before, jobs());

        // Once the queue drains below the cap, new jobs are accepted again.
        emptyTheQueue();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> post(null).statusCode() == 202);
    }
}
