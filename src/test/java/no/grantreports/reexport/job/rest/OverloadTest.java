package no.grantreports.reexport.job.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import no.grantreports.reexport.testsupport.TestDatabase;
import no.grantreports.reexport.testsupport.TestEnvironment;
import no.grantreports.reexport.testsupport.Tokens;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static no.grantreports.reexport.job.rest.ReexportApiTest.REPORT_A;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** An instance with no room for another POST answers 503 with Retry-After at once, and changes nothing. */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
@TestProfile(OverloadTest.NoRoom.class)
class OverloadTest {

    public static class NoRoom implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("reexport.admission.max-in-flight", "0");
        }
    }

    @Test
    void anOverloadedInstanceAnswers503WithRetryAfter() {
        long before = TestDatabase.count("SELECT count(*) FROM reexport_job");
        given().auth().oauth2(Tokens.userA()).contentType(ContentType.JSON).header("Idempotency-Key", "overload-1")
                .body("{\"report_id\": \"" + REPORT_A + "\"}")
                .post("/api/v1/report-reexports")
                .then().statusCode(503).contentType("application/problem+json")
                .header("Retry-After", "1")
                .body("status", equalTo(503))
                .body("title", equalTo("Service Unavailable"))
                .body("detail", containsString("busy"));
        assertEquals(before, TestDatabase.count("SELECT count(*) FROM reexport_job"), "nothing was created");
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM idempotency_key WHERE idempotency_key = 'overload-1'"),
                "the key is not used up: a retry may still create the job");
        // Reads are not limited.
        given().auth().oauth2(Tokens.userA()).get("/api/v1/report-reexports").then().statusCode(200);
    }
}
