package no.grantreports.reexport.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import no.grantreports.reexport.testsupport.Tokens;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The packaged application (prod profile) logs one JSON object per line, and a job's lines carry
 * its ids as MDC fields, so a log collector can follow one re-export.
 */
@QuarkusIntegrationTest
class JsonLogIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where @QuarkusIntegrationTest sends the application's output. */
    private static final Path LOG = Path.of("target", "quarkus.log");

    @Test
    void logLinesAreJsonAndAJobsLinesCarryItsIds() {
        String id = given().auth().oauth2(Tokens.userA()).contentType(ContentType.JSON)
                .body("{\"report_id\": \"rpt_01HX9K2M3N4P5Q6R7S8T9U0V\", \"export_params\": {\"format\": \"csv\"}}")
                .post("/api/v1/report-reexports").then().statusCode(202).extract().path("reexport_id");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertTrue(linesOf(id).stream()
                        .anyMatch(line -> line.path("message").asText().contains("completed")
                                && "rpt_01HX9K2M3N4P5Q6R7S8T9U0V".equals(line.path("mdc").path("report_id").asText())
                                && !line.path("mdc").path("org_id").asText().isEmpty()),
                "a JSON line saying " + id + " completed, with report_id and org_id in its MDC"));
    }

    private static List<JsonNode> linesOf(String reexportId) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(LOG)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (IOException e) {
                fail("not a JSON log line: " + line);
                return lines;
            }
            if (reexportId.equals(node.path("mdc").path("reexport_id").asText())) {
                lines.add(node);
            }
        }
        return lines;
    }
}
