package no.grantreports.reexport.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import no.grantreports.reexport.testsupport.TestEnvironment;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committed OpenAPI document (what the SDK is generated from, at generate-test-sources, before
 * the service can serve it) must be the one the service serves. Refresh it with
 * {@code ./mvnw test -Dtest=OpenApiSnapshotTest -Dopenapi.snapshot.update=true}.
 */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
class OpenApiSnapshotTest {

    static final Path SNAPSHOT = Path.of("src/main/openapi/reexport-api.yaml");
    static final String REFRESH = "./mvnw test -Dtest=OpenApiSnapshotTest -Dopenapi.snapshot.update=true";

    @Test
    void theCommittedSnapshotIsTheServedDocument() throws Exception {
        String served = given().queryParam("format", "yaml").get("/q/openapi")
                .then().statusCode(200).extract().asString();
        if (Boolean.getBoolean("openapi.snapshot.update")) {
            Files.writeString(SNAPSHOT, served.endsWith("\n") ? served : served + "\n", StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(SNAPSHOT), SNAPSHOT + " is missing; create it with: " + REFRESH);
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonNode expected = yaml.readTree(Files.readString(SNAPSHOT));
        JsonNode actual = yaml.readTree(served);
        // Object key order does not count: JsonNode equality compares objects as maps.
        assertEquals(expected, actual, () -> SNAPSHOT + " differs from the served /q/openapi: the generated SDK "
                + "would not match the service. Review the change and refresh it with: " + REFRESH);
    }
}
