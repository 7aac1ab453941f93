package no.grantreports.reexport.job.service;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import no.grantreports.reexport.job.JobStatus;
import no.grantreports.reexport.testsupport.TestIds;
import no.grantreports.reexport.job.repository.JobQueueRepository;
import no.grantreports.reexport.job.repository.JobQueueRepository.Claim;
import no.grantreports.reexport.testsupport.DatabaseSnapshot;
import no.grantreports.reexport.testsupport.TestDatabase;
import no.grantreports.reexport.testsupport.TestEnvironment;
import no.grantreports.reexport.testsupport.Tokens;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Randomly generated sequences of operator PUTs, cancellations and worker events (claim, complete,
 * fail, retry, lost lease, retention) driven through the real HTTP API, the real queue SQL, the
 * real rescuer and retention sweeper, and the real background worker racing them. After every
 * event the row in PostgreSQL must keep the state machine's invariants. Sequence {@code i} is drawn
 * from {@code new Random(SEED + i)} and a failure names its seed, so it replays.
 */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
class JobStateMachineSequenceTest {

    static final String JOBS = "/api/v1/report-reexports";
    static final String REPORT_A = "rpt_01HX9K2M3N4P5Q6R7S8T9U0V";
    static final long SEED = 20261128L;
    static final int SEQUENCES = 12;
    static final String WORKER = "property-worker";

    enum Event {
        PUT_PENDING, PUT_PROCESSING, PUT_COMPLETED, PUT_FAILED, PUT_CANCELLED, PUT_NOTIFIED, PUT_FILE_ONLY, DELETE,
        WORKER_CLAIM, WORKER_COMPLETE, WORKER_FAIL, WORKER_RETRY, LEASE_EXPIRES, RETENTION
    }

    @Inject
    JobQueueRepository queue;

    /** {@link #SEQUENCES} sequences of 4 to 10 events each. */
    static List<List<Event>> sequences() {
        List<List<Event>> all = new ArrayList<>();
        for (int i = 0; i < SEQUENCES; i++) {
            Random random = new Random(SEED + i);
            int size = 4 + random.nextInt(7);
            List<Event> sequence = new ArrayList<>(size);
            for (int e = 0; e < size; e++) {
                sequence.add(Event.values()[random.nextInt(Event.values().length)]);
            }
            all.add(sequence);
        }
        return all;
    }

    @Test
    void randomSequencesKeepTheInvariants() {
        DatabaseSnapshot.awaitQuiet();
        List<List<Event>> sequences = sequences();
        for (int i = 0; i < sequences.size(); i++) {
            try {
                run(i, sequences.get(i));
            } catch (AssertionError failure) {
                throw new AssertionError("sequence " + i + " (seed " + (SEED + i) + ", events " + sequences.get(i) + ") failed: "
                        + failure.getMessage(), failure);
            }
        }
    }

    private void run(int index, List<Event> events) {
        String id = TestIds.next();
        TestDatabase.insertJob(id, REPORT_A, Tokens.ORG_A, "pending", Instant.now()); // parked: the worker leaves it
        Map<String, Object> previous = TestDatabase.job(id);
        Claim claim = null;
        List<String> trail = new ArrayList<>();
        for (Event event : events) {
            Claim held = current(claim, id);
            String answer = "";
            switch (event) {
                case PUT_PENDING -> answer = put(id, "{\"status\": \"pending\"}", null);
                case PUT_PROCESSING -> answer = put(id, "{\"status\": \"processing\"}", "processing");
                case PUT_COMPLETED -> answer = put(id, "{\"status\": \"completed\", \"output_file_ref\": \"reports/org_bufdir_oslo_42/reexports/"
                        + "ext.xlsx\", \"output_file_size_bytes\": 2048}", "completed");
                case PUT_FAILED -> answer = put(id, "{\"status\": \"failed\", \"error_message\": \"operator\"}", "failed");
                case PUT_CANCELLED -> answer = put(id, "{\"status\": \"cancelled\"}", "cancelled");
                case PUT_NOTIFIED -> answer = put(id, "{\"notified\": true}", null);
                case PUT_FILE_ONLY -> answer = put(id, "{\"output_file_ref\": \"reports/org_bufdir_oslo_42/x.xlsx\", \"output_file_size_bytes\": 1}", null);
                case DELETE -> {
                    Response response = given().auth().oauth2(Tokens.userA()).delete(JOBS + "/" + id);
                    int status = response.statusCode();
                    assertTrue(status == 200 || status == 409, "DELETE answered " + status + " " + response.asString());
                    answer = Integer.toString(status);
                }
                case WORKER_CLAIM -> {
                    // Make it the oldest ready job and claim at once (the real worker may still win the race).
                    TestDatabase.update("UPDATE reexport_job SET next_attempt_at = now() - interval '1 day' "
                            + "WHERE reexport_id = ? AND status = 'pending'", id);
                    List<Claim> claims = queue.claim(WORKER, Duration.ofSeconds(60), 1).await().atMost(Duration.ofSeconds(10));
                    for (Claim other : claims) {
                        if (other.reexportId().equals(id)) {
                            claim = other;
                        } else { // another test's leftover: give it straight back
                            queue.retryLater(other, WORKER, null, null, Duration.ZERO).await().atMost(Duration.ofSeconds(10));
                        }
                    }
                    answer = claims.isEmpty() ? "none" : "attempt " + claims.get(0).attempt();
                }
                case WORKER_COMPLETE -> answer = fenced(id, claim, () -> queue.complete(held, WORKER,
                        "reports/org_bufdir_oslo_42/reexports/prop.xlsx", 100, 1).await().atMost(Duration.ofSeconds(10)));
                case WORKER_FAIL -> answer = fenced(id, claim, () -> queue.fail(held, WORKER, "invalid_report", "prop")
                        .await().atMost(Duration.ofSeconds(10)));
                case WORKER_RETRY -> answer = fenced(id, claim, () -> queue.retryLater(held, WORKER, "transient_error",
                        "prop", Duration.ofDays(1)).await().atMost(Duration.ofSeconds(10)));
                case LEASE_EXPIRES -> {
                    int expired = TestDatabase.update("UPDATE reexport_job SET lease_until = now() - interval '1 second' "
                            + "WHERE reexport_id = ? AND status = 'processing' AND lease_until IS NOT NULL", id);
                    if (expired == 1) { // the real rescuer (every second) takes it back
                        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
                            Map<String, Object> row = TestDatabase.job(id);
                            return !"processing".equals(row.get("status")) || row.get("lease_until") == null
                                    || ((java.sql.Timestamp) row.get("lease_until")).toInstant().isAfter(Instant.now());
                        });
                    }
                    answer = expired == 1 ? "rescued" : "no lease";
                }
                case RETENTION -> {
                    int aged = TestDatabase.update("UPDATE reexport_job SET completed_at = now() - interval '3651 days' "
                            + "WHERE reexport_id = ? AND status = 'completed'", id);
                    if (aged == 1) { // the real sweeper (every second) expires it
                        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                                .until(() -> "expired".equals(TestDatabase.job(id).get("status")));
                    }
                    answer = aged == 1 ? "expired" : "not completed";
                }
            }
            Map<String, Object> now = TestDatabase.job(id);
            trail.add(event + " -> " + answer + " -> " + now.get("status"));
            check(index, trail, previous, now);
            previous = now;
        }
    }

    /** The claim to write with: the one this test holds, or a made-up one (which must be refused). */
    private static Claim current(Claim claim, String id) {
        return claim != null && claim.reexportId().equals(id) ? claim : new Claim(id, 1);
    }

    /** A fenced worker write: it succeeds only while the claim is still the job's, and otherwise changes nothing. */
    private static String fenced(String id, Claim claim, java.util.function.Supplier<Boolean> write) {
        Map<String, Object> before = TestDatabase.job(id);
        boolean holds = claim != null && claim.reexportId().equals(id)
                && "processing".equals(before.get("status")) && WORKER.equals(before.get("locked_by"))
                && Integer.valueOf(claim.attempt()).equals(before.get("attempt"));
        boolean written = write.get();
        if (!holds) {
            assertFalse(written, "a worker without the claim must not write");
        }
        return written ? "written" : "fenced";
    }

    private static String put(String id, String body, String expectedStatus) {
        Response response = given().auth().oauth2(Tokens.operator()).contentType(ContentType.JSON).body(body)
                .put(JOBS + "/" + id);
        int status = response.statusCode();
        assertTrue(Set.of(200, 400, 409).contains(status), "PUT " + body + " answered " + status + " " + response.asString());
        if (status == 200 && expectedStatus != null) {
            assertEquals(expectedStatus, response.jsonPath().getString("status"));
        }
        return Integer.toString(status);
    }

    static void check(int index, List<String> trail, Map<String, Object> before, Map<String, Object> after) {
        String where = "sequence " + index + " (seed " + (SEED + index) + "): " + String.join(", ", trail);
        JobStatus was = JobStatus.fromWire((String) before.get("status"));
        JobStatus is = JobStatus.fromWire((String) after.get("status"));
        switch (was) {
            case CANCELLED -> assertEquals(before, after, "a cancelled job never changes; " + where);
            case EXPIRED -> assertEquals(JobStatus.EXPIRED, is, "an expired job stays expired; " + where);
            case COMPLETED -> assertTrue(is == JobStatus.COMPLETED || is == JobStatus.EXPIRED,
                    "a completed job can only expire; " + where);
            default -> { }
        }
        if (is == JobStatus.CANCELLED && was != JobStatus.CANCELLED) {
            assertEquals(JobStatus.PENDING, was, "cancelled only from pending; " + where);
            assertNotNull(after.get("cancelled_at"), where);
        }
        if (is == JobStatus.COMPLETED || is == JobStatus.EXPIRED) {
            assertNotNull(after.get("output_file_ref"), "completed has a file ref; " + where);
            assertNotNull(after.get("output_file_size_bytes"), "completed has a size; " + where);
            assertNotNull(after.get("completed_at"), "completed has a completion time; " + where);
        }
        if (is != JobStatus.PROCESSING) {
            assertNull(after.get("locked_by"), "only a processing job is held by a worker; " + where);
            assertNull(after.get("lease_until"), "only a processing job has a lease; " + where);
        }
        if ((int) after.get("attempt") < (int) before.get("attempt")) {
            fail("attempts never decrease; " + where);
        }
        if ((int) after.get("version") < (int) before.get("version")) {
            fail("the row version never decreases; " + where);
        }
        if (Boolean.TRUE.equals(before.get("notified"))) {
            assertEquals(Boolean.TRUE, after.get("notified"), "notified never goes back; " + where);
        }
    }
}
