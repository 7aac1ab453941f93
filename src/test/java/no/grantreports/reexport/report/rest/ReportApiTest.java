package no.grantreports.reexport.report.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import no.grantreports.reexport.testsupport.TestDatabase;
import no.grantreports.reexport.testsupport.TestEnvironment;
import no.grantreports.reexport.testsupport.Tokens;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Ingesting and reading report snapshots. */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
public class ReportApiTest {

    static final String REPORTS = "/api/v1/reports";

    public static String document(String reportId, String orgId, String budgetTitle, String extraRow) {
        return """
                {"report_id": "%s", "org_id": "%s", "report_type": "grant_final_report",
                 "title": {"nb-NO": "Sluttrapport", "en-GB": "Final report"},
                 "period": {"from": "2025-01-01", "to": "2025-12-31"},
                 "submitted_at": "2026-01-15T08:00:00Z", "submitted_by": "user_x",
                 "original_export_params": {"format": "csv", "include_annexes": false, "locale": "en-GB"},
                 "sections": [
                   {"key": "budget", "title": "%s", "kind": "table",
                    "columns": [{"key": "post", "title": "Post", "type": "text"},
                                {"key": "amount", "title": "Amount", "type": "currency", "currency": "NOK"},
                                {"key": "due", "title": "Due", "type": "date"}],
                    "rows": [["Rent", 1200.5, "2025-02-01"], ["Travel", 300, null]%s]},
                   {"key": "story", "title": "Story", "kind": "fields",
                    "fields": [{"question": {"nb-NO": "Hva skjedde?", "en-GB": "What happened?"}, "answer": "Mye."}]}
                 ],
                 "annexes": [{"annex_id": "a1", "title": "Audit", "file_name": "audit.pdf",
                              "content_type": "application/pdf", "size_bytes": 1000}]}
                """.formatted(reportId, orgId, budgetTitle, extraRow);
    }

    static Response put(String token, String reportId, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).put(REPORTS + "/" + reportId);
    }

    static String newReportId() {
        return "rpt_T" + UUID.randomUUID().toString().replace("-", "").substring(0, 20).toUpperCase();
    }

    @Test
    void createsThenReplacesBumpingTheVersion() {
        String id = newReportId();
        put(Tokens.operator(), id, document(id, Tokens.ORG_A, "Budget", "")).then().statusCode(201)
                .header("Location", REPORTS + "/" + id)
                .body("version", equalTo(1)).body("rows", equalTo(2)).body("org_id", equalTo(Tokens.ORG_A));
        put(Tokens.operator(), id, document(id, Tokens.ORG_A, "Budget v2", ", [\"Food\", 99.95, \"2025-03-01\"]"))
                .then().statusCode(200).body("version", equalTo(2)).body("rows", equalTo(3));

        given().auth().oauth2(Tokens.readerA()).get(REPORTS + "/" + id).then().statusCode(200)
                .body("report_id", equalTo(id))
                .body("version", equalTo(2))
                .body("title.'en-GB'", equalTo("Final report"))
                .body("period.from", equalTo("2025-01-01"))
                .body("original_export_params.format", equalTo("csv"))
                .body("sections.key", contains("budget", "story"))
                .body("sections[0].title", equalTo("Budget v2"))
                .body("sections[0].row_count", equalTo(3))
                .body("sections[0].columns[1].currency", equalTo("NOK"))
                .body("annexes[0].file_name", equalTo("audit.pdf"));
        assertEquals(2L, TestDatabase.count("SELECT count(DISTINCT version) FROM report_row WHERE report_id = ?", id),
                "older versions' rows stay for exports that are still reading them");
    }

    @Test
    void aJobRecordsTheVersionItExported() {
        String id = newReportId();
        put(Tokens.operator(), id, document(id, Tokens.ORG_A, "Budget", "")).then().statusCode(201);
        put(Tokens.operator(), id, document(id, Tokens.ORG_A, "Budget", "")).then().statusCode(200);
        String job = given().auth().oauth2(Tokens.userA()).contentType(ContentType.JSON)
                .body("{\"report_id\": \"" + id + "\"}").post("/api/v1/report-reexports")
                .then().statusCode(202).body("export_params.format", equalTo("csv")).extract().path("reexport_id");
        await().atMost(Duration.ofSeconds(30)).until(() -> "completed".equals(TestDatabase.job(job).get("status")));
        assertEquals(2, TestDatabase.job(job).get("report_version"));
    }

    @Test
    void aDocumentThatBreaksTheModelIsRefusedPointingAtEachBadElement() {
        String id = newReportId();
        String body = document(id, Tokens.ORG_A, "Budget", ", [\"Food\", \"lots\", \"2025-13-01\"], [\"Short\"]")
                .replace("\"key\": \"story\"", "\"key\": \"budget\"");
        Response response = put(Tokens.operator(), id, body);
        response.then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", hasItem("/sections/0/rows/2/1"))
                .body("errors.field", hasItem("/sections/0/rows/2/2"))
                .body("errors.field", hasItem("/sections/0/rows/3"))
                .body("errors.field", hasItem("/sections/1/key"))
                .body("errors.find { it.field == '/sections/0/rows/2/1' }.message", containsString("currency"));
        assertEquals(0L, TestDatabase.count("SELECT count(*) FROM report_snapshot WHERE report_id = ?", id));
        assertEquals(0L, TestDatabase.count("SELECT count(*) FROM report_row WHERE report_id = ?", id), "nothing kept");

        put(Tokens.operator(), id, "{\"report_id\": \"other\", \"colour\": 1}").then().statusCode(422)
                .body("errors.field", hasItem("/report_id"))
                .body("errors.field", hasItem("/colour"))
                .body("errors.field", hasItem("/org_id"))
                .body("errors.field", hasItem("/period"));
        put(Tokens.operator(), id, "{\"report_id\": ").then().statusCode(400).contentType("application/problem+json");
        put(Tokens.operator(), id, "[1, 2]").then().statusCode(422);
    }

    @Test
    void aReplacementThatFailsKeepsThePreviousVersion() {
        String id = newReportId();
        put(Tokens.operator(), id, document(id, Tokens.ORG_A, "Budget", "")).then().statusCode(201);
        put(Tokens.operator(), id, document(id, Tokens.ORG_A, "Budget", ", [1, 2, 3]")).then().statusCode(422);
        given().auth().oauth2(Tokens.readerA()).get(REPORTS + "/" + id).then().body("version", equalTo(1));
        assertEquals(2L, TestDatabase.count("SELECT count(*) FROM report_row WHERE report_id = ?", id));
    }

    @Test
    void onlyOperatorsIngestAndReadersSeeTheirOwnOrganisation() {
        String id = newReportId();
        put(Tokens.userA(), id, document(id, Tokens.ORG_A, "Budget", "")).then().statusCode(403);
        put(Tokens.operator(), id, document(id, Tokens.ORG_A, "Budget", "")).then().statusCode(201);
        given().auth().oauth2(Tokens.userB()).get(REPORTS + "/" + id).then().statusCode(404);
        given().auth().oauth2(Tokens.userB()).queryParam("limit", 100).get(REPORTS).then().statusCode(200)
                .body("data.org_id", everyItem(equalTo(Tokens.ORG_B)))
                .body("data.report_id", not(hasItem(id)));
        given().auth().oauth2(Tokens.readerA()).queryParam("limit", 100).get(REPORTS).then().statusCode(200)
                .body("data.report_id", hasItem(id))
                .body("pagination.limit", equalTo(100));
        given().auth().oauth2(Tokens.readerA()).queryParam("limit", 0).get(REPORTS).then().statusCode(400);
        given().get(REPORTS).then().statusCode(401);
    }
}
