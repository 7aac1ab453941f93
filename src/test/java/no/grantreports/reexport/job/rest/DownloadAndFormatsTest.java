package no.grantreports.reexport.job.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import no.grantreports.reexport.testsupport.TestDatabase;
import no.grantreports.reexport.testsupport.TestEnvironment;
import no.grantreports.reexport.testsupport.Tokens;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The csv and json formats, downloading any of them, and retention. */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
public class DownloadAndFormatsTest {

    static final String BASE = "/api/v1/report-reexports";

    static String completedJob(String format, boolean annexes, String locale) {
        String id = given().auth().oauth2(Tokens.userA()).contentType(ContentType.JSON)
                .body("{\"report_id\": \"rpt_01HX9K2M3N4P5Q6R7S8T9U0V\", \"export_params\": {\"format\": \"" + format
                        + "\", \"include_annexes\": " + annexes + ", \"locale\": \"" + locale + "\"}}")
                .post(BASE).then().statusCode(202).extract().path("reexport_id");
        await().atMost(Duration.ofSeconds(30)).until(() -> !List.of("pending", "processing")
                .contains(TestDatabase.job(id).get("status")));
        assertEquals("completed", TestDatabase.job(id).get("status"), () -> String.valueOf(TestDatabase.job(id).get("error_message")));
        return id;
    }

    static Response download(String token, String id) {
        return given().auth().oauth2(token).get(BASE + "/" + id + "/file");
    }

    static Map<String, String> unzip(byte[] zip) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                files.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    @Test
    void downloadsTheFileWithItsHeaders() throws IOException {
        String id = completedJob("xlsx", false, "nb-NO");
        Map<String, Object> row = TestDatabase.job(id);
        Response response = download(Tokens.userA(), id);
        response.then().statusCode(200)
                .header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                .header("Content-Length", String.valueOf(row.get("output_file_size_bytes")))
                .header("ETag", matchesPattern("^\"[0-9A-Z]{26}-\\d+\"$"))
                .header("Content-Disposition", matchesPattern(
                        "^attachment; filename=\"rpt_01HX9K2M_reexport_\\d{8}_[0-9A-Z]{26}\\.xlsx\"; filename\\*=UTF-8''rpt_01HX9K2M_reexport_\\d{8}_[0-9A-Z]{26}\\.xlsx$"));
        byte[] stored = Files.readAllBytes(TestEnvironment.storedFile((String) row.get("output_file_ref")));
        assertArrayEquals(stored, response.asByteArray(), "the bytes on disk, unchanged");
    }

    @Test
    void downloadIsRefusedUntilCompletedAndToOthers() {
        String pending = ReexportApiTest.pendingJob(Tokens.ORG_A, ReexportApiTest.REPORT_A);
        download(Tokens.userA(), pending).then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("pending"));
        String id = completedJob("json", false, "en-GB");
        download(Tokens.userB(), id).then().statusCode(404).contentType("application/problem+json");
        download(Tokens.token(Tokens.USER_A, Tokens.ORG_A, "reexport:write"), id).then().statusCode(403);
        given().get(BASE + "/" + id + "/file").then().statusCode(401);
        download(Tokens.operator(), id).then().statusCode(200);
    }

    @Test
    void csvInNorwegianUsesSemicolonsDecimalCommaAndABom() throws IOException {
        String id = completedJob("csv", true, "nb-NO");
        Response response = download(Tokens.userA(), id);
        response.then().statusCode(200).header("Content-Type", "application/zip")
                .header("Content-Disposition", containsString(".zip\""));
        Map<String, String> files = unzip(response.asByteArray());
        assertEquals(List.of("report.csv", "budget.csv", "activities.csv", "annex_anx_02.csv"), List.copyOf(files.keySet()));
        String budget = files.get("budget.csv");
        assertTrue(budget.startsWith("\uFEFF"), "UTF-8 BOM");
        List<String> lines = budget.substring(1).lines().toList();
        assertEquals("Budsjettpost;Budsjett;Regnskap;Avvik", lines.get(0));
        assertEquals("Lønn prosjektleder;420000,00;436500,00;0,0393", lines.get(1));
        assertTrue(budget.contains("\r\n"), "CRLF line ends");
        assertTrue(files.get("activities.csv").contains("Sommerleir på Hvaler;2025-06-23;48;true"), "ISO dates");
        assertTrue(files.get("report.csv").contains("Forside;Tittel;Sluttrapport 2025 – Tilskudd til inkludering av barn og unge"));
        assertTrue(files.get("annex_anx_02.csv").contains("6–9 år;58;61"));
    }

    @Test
    void csvInEnglishUsesCommasAndQuotesWhereNeeded() throws IOException {
        String id = completedJob("csv", false, "en-GB");
        Map<String, String> files = unzip(download(Tokens.userA(), id).asByteArray());
        assertEquals(List.of("report.csv", "budget.csv", "activities.csv"), List.copyOf(files.keySet()), "no annexes");
        assertTrue(files.get("budget.csv").contains("Lønn prosjektleder,420000.00,436500.00,0.0393"));
        assertTrue(files.get("report.csv").contains(
                "Goal attainment,Beskriv kort hvordan tilskuddet er brukt.,\"Tilskuddet finansierte faste ukentlige aktiviteter"
                        + " for barn og unge i bydel Søndre Nordstrand, med vekt"), files.get("report.csv"));
    }

    @Test
    void jsonIsTheSnapshotWithTheExportApplied() {
        String id = completedJob("json", true, "en-GB");
        Response response = download(Tokens.userA(), id);
        response.then().statusCode(200).header("Content-Type", containsString("application/json"));
        JsonPath json = response.jsonPath();
        assertEquals("Final report 2025 – Grant for the inclusion of children and young people", json.getString("title"));
        assertEquals("json", json.getString("export_params.format"));
        assertEquals("en-GB", json.getString("export_params.locale"));
        assertEquals("Budget and accounts", json.getString("sections[0].title"));
        assertEquals(6, json.getList("sections[0].rows").size());
        assertEquals(420000.0, json.getDouble("sections[0].rows[0][1]"));
        assertEquals("2025-06-23", json.getString("sections[1].rows[0][1]"));
        assertEquals(true, json.getBoolean("sections[1].rows[0][3]"));
        assertEquals("fields", json.getString("sections[2].kind"));
        assertEquals("Participant overview", json.getString("annexes[1].title"));
        assertEquals(4, json.getList("annexes[1].content.rows").size());

        String without = completedJob("json", false, "nb-NO");
        JsonPath plain = download(Tokens.userA(), without).jsonPath();
        assertEquals("Budsjett og regnskap", plain.getString("sections[0].title"));
        assertFalse(plain.getMap("$").containsKey("annexes"), "no annex content at all without include_annexes");
    }

    @Test
    void retentionDeletesOldFilesAndExpiresTheJob() {
        String id = completedJob("xlsx", false, "en-GB");
        String ref = (String) TestDatabase.job(id).get("output_file_ref");
        Path file = TestEnvironment.storedFile(ref);
        assertTrue(Files.exists(file));
        TestDatabase.update("UPDATE reexport_job SET completed_at = now() - interval '3651 days' WHERE reexport_id = ?", id);

        await().atMost(Duration.ofSeconds(30)).until(() -> "expired".equals(TestDatabase.job(id).get("status")));
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(file));
        given().auth().oauth2(Tokens.userA()).get(BASE + "/" + id).then().statusCode(200)
                .body("status", equalTo("expired"))
                .body("output_file_ref", equalTo(ref));
        download(Tokens.userA(), id).then().statusCode(410).contentType("application/problem+json");
    }
}
