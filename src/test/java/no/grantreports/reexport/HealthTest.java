package no.grantreports.reexport;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import no.grantreports.reexport.testsupport.TestEnvironment;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

/** The probes Kubernetes uses. */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
public class HealthTest {

    @Test
    void readinessChecksTheDatabaseAndTheStorage() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("storage", "database"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
    }
}
