package no.grantreports.reexport.export;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import no.grantreports.reexport.testsupport.TestDatabase;
import no.grantreports.reexport.testsupport.TestEnvironment;
import no.grantreports.reexport.testsupport.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The demo report's workbook opens in LibreOffice: it converts to PDF, and every sheet, exported
 * back to CSV by LibreOffice, shows the localized sections with formatted values. Runs where
 * LibreOffice is installed (apt-get install libreoffice-calc-nogui); skipped elsewhere.
 */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
class LibreOfficeOpensExportTest {

    @TempDir
    Path out;

    static boolean libreOffice() {
        return Stream.of("/usr/bin/soffice", "/usr/local/bin/soffice").anyMatch(p -> Files.isExecutable(Path.of(p)));
    }

    int soffice(Path workbook, String format) throws Exception {
        Process process = new ProcessBuilder("soffice", "--headless", "--norestore",
                "-env:UserInstallation=file://" + out.resolve("profile"), "--convert-to", format,
                "--outdir", out.toString(), workbook.toString())
                .redirectErrorStream(true).redirectOutput(out.resolve("soffice.log").toFile()).start();
        assertTrue(process.waitFor(180, TimeUnit.SECONDS), "LibreOffice finished in time");
        return process.exitValue();
    }

    @Test
    void theDemoWorkbookOpensInLibreOffice() throws Exception {
        assumeTrue(libreOffice(), "LibreOffice is not installed");
        String id = given().auth().oauth2(Tokens.userA()).contentType(ContentType.JSON)
                .body("{\"report_id\": \"rpt_01HX9K2M3N4P5Q6R7S8T9U0V\", \"export_params\": {\"include_annexes\": true, \"locale\": \"nb-NO\"}}")
                .post("/api/v1/report-reexports").then().statusCode(202).extract().path("reexport_id");
        await().atMost(Duration.ofSeconds(30)).until(() -> "completed".equals(TestDatabase.job(id).get("status")));
        Path workbook = out.resolve("demo.xlsx");
        Files.copy(TestEnvironment.storedFile((String) TestDatabase.job(id).get("output_file_ref")), workbook);

        assertEquals(0, soffice(workbook, "pdf"), () -> log());
        byte[] pdf = Files.readAllBytes(out.resolve("demo.pdf"));
        assertTrue(pdf.length > 1000 && new String(pdf, 0, 5, StandardCharsets.ISO_8859_1).equals("%PDF-"));

        // Every sheet as CSV (filter option -1: all sheets), values as LibreOffice displays them.
        assertEquals(0, soffice(workbook, "csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,true,false,false,-1"), () -> log());
        List<String> sheets;
        try (Stream<Path> files = Files.list(out)) {
            sheets = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".csv")).sorted().toList();
        }
        assertEquals(List.of("demo-Aktiviteter.csv", "demo-Budsjett og regnskap.csv", "demo-Deltakeroversikt.csv",
                "demo-Forside.csv", "demo-Måloppnåelse.csv", "demo-Vedlegg.csv"), sheets);
        String budget = Files.readString(out.resolve("demo-Budsjett og regnskap.csv"));
        assertTrue(budget.contains("Lønn prosjektleder") && budget.contains("NOK"), budget);
        String activities = Files.readString(out.resolve("demo-Aktiviteter.csv"));
        assertTrue(activities.contains("23.06.2025") && activities.contains("Ja"), activities);
    }

    String log() {
        try {
            return Files.readString(out.resolve("soffice.log"));
        } catch (Exception e) {
            return "(no log)";
        }
    }
}
