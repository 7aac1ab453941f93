package no.grantreports.reexport.report.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import no.grantreports.reexport.testsupport.LargeReportDocument;
import no.grantreports.reexport.testsupport.TestDatabase;
import no.grantreports.reexport.testsupport.TestEnvironment;
import no.grantreports.reexport.testsupport.Tokens;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Bounded memory, shown on the packaged application, which the integration tests start with
 * -Xmx256m: a 200,000 × 10 report is ingested over HTTP and exported to xlsx. (The 1,000,000-row
 * run is bench/large-report.sh.)
 */
@QuarkusIntegrationTest
@QuarkusTestResource(TestEnvironment.class)
class LargeReportIT {

    /** bench/large-report.sh sets 1,000,000. */
    static final int ROWS = Integer.getInteger("large.rows", 200_000);

    @Test
    void aLargeReportIsIngestedAndExportedInASmallHeap() throws Exception {
        String reportId = "rpt_LARGE_" + System.nanoTime();
        long start = System.nanoTime();
        given().auth().oauth2(Tokens.operator()).contentType(ContentType.JSON)
                .body(new LargeReportDocument(reportId, Tokens.ORG_A, ROWS))
                .put("/api/v1/reports/" + reportId)
                .then().statusCode(201).body("rows", equalTo(ROWS));
        long ingested = System.nanoTime();

        String id = given().auth().oauth2(Tokens.userA()).contentType(ContentType.JSON)
                .body("{\"report_id\": \"" + reportId + "\", \"export_params\": {\"format\": \"xlsx\", \"locale\": \"en-GB\"}}")
                .post("/api/v1/report-reexports").then().statusCode(202).extract().path("reexport_id");
        await().atMost(Duration.ofMinutes(4 + ROWS / 100_000)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !List.of("pending", "processing").contains(TestDatabase.job(id).get("status")));
        assertEquals("completed", TestDatabase.job(id).get("status"), () -> String.valueOf(TestDatabase.job(id).get("error_message")));
        System.out.printf("large report: %d rows ingested in %.1f s, exported to xlsx in %.1f s (%d bytes), app heap -Xmx256m%n",
                ROWS, (ingested - start) / 1e9, (System.nanoTime() - ingested) / 1e9,
                ((Number) TestDatabase.job(id).get("output_file_size_bytes")).longValue());

        File file = TestEnvironment.storedFile((String) TestDatabase.job(id).get("output_file_ref")).toFile();
        try (ReadableWorkbook workbook = new ReadableWorkbook(file);
             Stream<Row> rows = workbook.findSheet("Big table").orElseThrow().openStream()) {
            long[] count = {0};
            Row[] last = {null};
            rows.forEach(row -> {
                count[0]++;
                last[0] = row;
            });
            assertEquals(ROWS + 1, count[0], "header and every row");
            assertEquals(ROWS - 1, last[0].getCell(0).asNumber().intValue(), "rows in order, the last one last");
        }
    }
}
