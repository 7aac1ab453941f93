package no.grantreports.reexport.storage;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import no.grantreports.reexport.testsupport.S3WrongCredentialsProfile;
import no.grantreports.reexport.testsupport.TestDatabase;
import no.grantreports.reexport.testsupport.TestEnvironment;
import no.grantreports.reexport.testsupport.Tokens;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 12 item 12: wrong S3 credentials at start. The service starts anyway, logs the cause once
 * (403 Forbidden), readiness names it, and jobs are not claimed (so not failed) while it lasts.
 */
@QuarkusTest
@TestProfile(S3WrongCredentialsProfile.class)
@QuarkusTestResource(TestEnvironment.class)
class S3MisconfigurationTest {

    static final String STORAGE = "checks.find { it.name == 'storage' }";

    @Test
    void theServiceStartsAndSaysWhyItIsNotReady() throws IOException {
        given().get("/q/health/live").then().statusCode(200);
        for (int i = 0; i < 3; i++) {
            given().get("/q/health/ready").then().statusCode(503)
                    .body(STORAGE + ".status", equalTo("DOWN"))
                    .body(STORAGE + ".data.reason", containsString("403 Forbidden"))
                    .body(STORAGE + ".data.reason", containsString("check the credentials"));
        }
        String id = given().auth().oauth2(Tokens.userA()).contentType(ContentType.JSON)
                .body("{\"report_id\": \"rpt_01HX9K2M3N4P5Q6R7S8T9U0V\", \"export_params\": {\"format\": \"json\"}}")
                .post("/api/v1/report-reexports").then().statusCode(202).extract().path("reexport_id");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() ->
                "pending".equals(TestDatabase.job(id).get("status")) && ((Number) TestDatabase.job(id).get("attempt")).intValue() == 0);
        long warnings = Files.readAllLines(Path.of(S3WrongCredentialsProfile.LOG_FILE)).stream()
                .filter(line -> line.contains("WARN") && line.contains("S3 refused access") && line.contains("403 Forbidden"))
                .count();
        assertEquals(1, warnings, "the cause is logged once, not per check or probe");
        TestDatabase.update("DELETE FROM reexport_job WHERE reexport_id = ?", id); // not for the next suite's instance
    }
}
