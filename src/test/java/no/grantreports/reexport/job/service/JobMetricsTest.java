package no.grantreports.reexport.job.service;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import no.grantreports.reexport.testsupport.TestDatabase;
import no.grantreports.reexport.testsupport.TestEnvironment;
import no.grantreports.reexport.testsupport.Tokens;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;

/** The engine's metrics reach /q/metrics in Prometheus format. */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
class JobMetricsTest {

    @Test
    void jobsAreCountedAndTimed() {
        String id = given().auth().oauth2(Tokens.userA()).contentType(ContentType.JSON)
                .body("{\"report_id\": \"rpt_01HX9K2M3N4P5Q6R7S8T9U0V\", \"export_params\": {\"format\": \"csv\"}}")
                .post("/api/v1/report-reexports").then().statusCode(202).extract().path("reexport_id");
        await().atMost(Duration.ofSeconds(30)).until(() -> "completed".equals(TestDatabase.job(id).get("status")));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/metrics").then().statusCode(200)
                .body(matchesPattern("(?s).*reexport_jobs_created_total\\{format=\"csv\"[^}]*} [1-9].*"))
                .body(matchesPattern("(?s).*reexport_jobs_finished_total\\{[^}]*format=\"csv\"[^}]*status=\"completed\"[^}]*} [1-9].*"))
                .body(containsString("reexport_export_duration_seconds_bucket"))
                .body(containsString("reexport_jobs_attempts_count"))
                .body(containsString("reexport_queue_depth"))
                .body(containsString("reexport_queue_oldest_pending_age_seconds")));
    }
}
