package no.grantreports.reexport.storage;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import no.grantreports.reexport.testsupport.S3ProxyResource;
import no.grantreports.reexport.testsupport.S3StorageProfile;
import no.grantreports.reexport.testsupport.TestDatabase;
import no.grantreports.reexport.testsupport.TestEnvironment;
import no.grantreports.reexport.testsupport.Tokens;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 item 12, against a real S3-compatible server (S3Proxy): a deleted object is 410, an
 * S3 outage makes downloads 503 with Retry-After (not 500), readiness says why, and queued jobs
 * wait (unclaimed, attempts untouched) until S3 is back instead of being failed for good.
 */
@QuarkusTest
@TestProfile(S3StorageProfile.class)
@QuarkusTestResource(TestEnvironment.class)
class S3StorageFaultsTest {

    static final String BASE = "/api/v1/report-reexports";
    static final String STORAGE = "checks.find { it.name == 'storage' }";

    @Test
    void aDeletedObjectIsGone() throws Exception {
        String id = completedJob();
        Files.delete(TestEnvironment.storedFile((String) TestDatabase.job(id).get("output_file_ref")));
        given().auth().oauth2(Tokens.userA()).get(BASE + "/" + id + "/file").then().statusCode(410)
                .contentType("application/problem+json")
                .body("status", equalTo(410));
    }

    @Test
    void duringAnS3OutageDownloadsAre503AndQueuedJobsWaitForS3() throws Exception {
        String done = completedJob();
        S3ProxyResource.stopServer();
        String waiting;
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> given().get("/q/health/ready").statusCode() == 503);
            given().get("/q/health/ready").then()
                    .body(STORAGE + ".status", equalTo("DOWN"))
                    .body(STORAGE + ".data.reason", containsString("S3 is unreachable"));
            given().auth().oauth2(Tokens.userA()).get(BASE + "/" + done + "/file").then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", notNullValue())
                    .body("status", equalTo(503));
            waiting = post();
            // The test's retry backoff is 200 ms: without the gate the job used up its 5 attempts in about 2 s.
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() ->
                    "pending".equals(TestDatabase.job(waiting).get("status"))
                            && ((Number) TestDatabase.job(waiting).get("attempt")).intValue() == 0);
        } finally {
            S3ProxyResource.startServer();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> given().get("/q/health/ready").statusCode() == 200);
        await().atMost(Duration.ofSeconds(30)).until(() -> "completed".equals(TestDatabase.job(waiting).get("status")));
        assertEquals(1, ((Number) TestDatabase.job(waiting).get("attempt")).intValue());
        given().auth().oauth2(Tokens.userA()).get(BASE + "/" + done + "/file").then().statusCode(200);
    }

    static String post() {
        return given().auth().oauth2(Tokens.userA()).contentType(ContentType.JSON)
                .body("{\"report_id\": \"rpt_01HX9K2M3N4P5Q6R7S8T9U0V\", \"export_params\": {\"format\": \"json\"}}")
                .post(BASE).then().statusCode(202).extract().path("reexport_id");
    }

    static String completedJob() {
        String id = post();
        await().atMost(Duration.ofSeconds(30)).until(() -> !List.of("pending", "processing").contains(TestDatabase.job(id).get("status")));
        assertEquals("completed", TestDatabase.job(id).get("status"), () -> String.valueOf(TestDatabase.job(id).get("error_message")));
        assertTrue(Files.exists(TestEnvironment.storedFile((String) TestDatabase.job(id).get("output_file_ref"))));
        return id;
    }
}
