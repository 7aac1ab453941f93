package no.grantreports.reexport;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What SDK generators read: operation ids, examples, the security scheme, problem responses. */
@QuarkusTest
public class OpenApiTest {

    static final String BASE = "/api/v1/report-reexports";

    JsonPath document() {
        return given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void everyOperationHasItsIdSummaryAndProblemResponses() {
        JsonPath doc = document();
        Map<String, Map<String, Map<String, Object>>> paths = doc.getMap("paths");
        Set<String> operationIds = new TreeSet<>();
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            if (!path.startsWith(BASE)) {
                return;
            }
            operationIds.add((String) operation.get("operationId"));
            assertNotNull(operation.get("summary"), method + " " + path);
            Map<String, Object> responses = (Map<String, Object>) operation.get("responses");
            assertTrue(responses.keySet().containsAll(List.of("401", "403", "500")), method + " " + path + ": " + responses.keySet());
        }));
        assertEquals(new TreeSet<>(List.of("listReexports", "getReexport", "createReexport", "updateReexport",
                "cancelReexport", "downloadReexportFile")), operationIds);
        assertEquals("application/problem+json",
                doc.getMap("components.responses.NotFound.content").keySet().iterator().next());
        assertEquals("bearer", doc.getString("components.securitySchemes.bearer.scheme"));
    }

    @Test
    void documentsTheCompletionWebhook() {
        JsonPath doc = document();
        // OpenAPI 3.0 has no webhooks section: x-webhooks, which generators ignore (docs/generated-clients.md)
        assertEquals("3.0.3", doc.getString("openapi"));
        assertEquals("onReexportFinished", doc.getString("'x-webhooks'.reexportFinished.post.operationId"));
        assertTrue(doc.getString("'x-webhooks'.reexportFinished.post.description").contains("webhook-signature"));
        assertTrue(doc.getList("paths.'" + BASE + "'.post.parameters.name").contains("Idempotency-Key"));
        assertTrue(doc.getMap("paths.'" + BASE + "/{reexport_id}'.put.responses").containsKey("412"));
    }

    @Test
    void documentsTheCanonicalPathsOnly() {
        Set<Object> paths = document().getMap("paths").keySet();
        assertTrue(paths.contains(BASE));
        assertTrue(paths.contains(BASE + "/{reexport_id}"));
        assertFalse(paths.stream().anyMatch(p -> p.toString().contains(BASE + BASE)), paths.toString());
    }

    @Test
    void carriesTheContractsExamplesAndSnakeCaseSchemas() {
        JsonPath doc = document();
        Object example = doc.get("paths.'" + BASE + "'.post.requestBody.content.'application/json'.examples.contract.value");
        assertTrue(example.toString().contains("rpt_01HX9K2M3N4P5Q6R7S8T9U0V"), String.valueOf(example));
        assertTrue(doc.getMap("components.schemas.Reexport.properties").containsKey("output_file_size_bytes"));
        assertTrue(doc.getMap("components.schemas.ReexportSummary.properties").containsKey("requested_by"));
        assertEquals(202, Integer.parseInt(doc.getMap("paths.'" + BASE + "'.post.responses").keySet().stream()
                .filter(code -> code.toString().startsWith("2")).findFirst().orElseThrow().toString()));
    }

    @Test
    void documentsLoadSheddingOnPostWithRetryAfter() {
        JsonPath doc = document();
        Map<String, Object> responses = doc.getMap("paths.'" + BASE + "'.post.responses");
        assertTrue(responses.keySet().containsAll(List.of("429", "503")), responses.keySet().toString());
        for (String name : List.of("TooManyRequests", "ServiceUnavailable")) {
            assertTrue(doc.getMap("components.responses." + name + ".headers").containsKey("Retry-After"), name);
            assertEquals("application/problem+json",
                    doc.getMap("components.responses." + name + ".content").keySet().iterator().next());
        }
    }
}
