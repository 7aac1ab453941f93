package no.grantreports.reexport.export;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import no.grantreports.reexport.testsupport.TestDatabase;
import no.grantreports.reexport.testsupport.TestEnvironment;
import no.grantreports.reexport.testsupport.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import no.grantreports.reexport.report.LocalizedText;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The demo report's workbook opens in LibreOffice: it converts to PDF, and every sheet, exported
 * back to CSV by LibreOffice, shows the localized sections with formatted values. And it prints as a
 * document (issue 17): the PDF of every locale, read back page by page with PDFBox, has each cover
 * label on the page of its value, each question on the page of its answer, every answer in full,
 * "page x of y" in the export's language and a bounded page count. Runs where LibreOffice is
 * installed (apt-get install libreoffice-calc-nogui; .ci/run does); skipped elsewhere. With
 * -Dexport.render.dir=DIR the PDFs are kept there (docs/exports/render.sh makes the PNGs from them).
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

    static final String SKIP = "LibreOffice is not installed: apt-get install libreoffice-calc-nogui";
    static final String DEMO = "rpt_01HX9K2M3N4P5Q6R7S8T9U0V";
    /** Six sheets (cover, two tables, questions, annex list, annex table), one page each when fitted. */
    static final int MAX_PAGES = 8;

    /** The demo report exported in that locale, copied to {@code demo.xlsx}. */
    Path export(String locale) throws Exception {
        String id = given().auth().oauth2(Tokens.userA()).contentType(ContentType.JSON)
                .body("{\"report_id\": \"" + DEMO + "\", \"export_params\": {\"format\": \"xlsx\", \"include_annexes\": true, \"locale\": \"" + locale + "\"}}")
                .post("/api/v1/report-reexports").then().statusCode(202).extract().path("reexport_id");
        await().atMost(Duration.ofSeconds(30)).until(() -> "completed".equals(TestDatabase.job(id).get("status")));
        Path workbook = out.resolve("demo.xlsx");
        Files.copy(TestEnvironment.storedFile((String) TestDatabase.job(id).get("output_file_ref")), workbook);
        return workbook;
    }

    /** Text of each page, whitespace collapsed (wrapped lines join with a space). */
    static List<String> pages(Path pdf) throws Exception {
        try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
            List<String> pages = new ArrayList<>();
            PDFTextStripper stripper = new PDFTextStripper();
            for (int page = 1; page <= document.getNumberOfPages(); page++) {
                stripper.setStartPage(page);
                stripper.setEndPage(page);
                pages.add(normalize(stripper.getText(document)));
            }
            return pages;
        }
    }

    static String normalize(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    @ParameterizedTest
    @ValueSource(strings = {"nb-NO", "nn-NO", "en-GB", "en-US"})
    void theDemoWorkbookPrintsAsADocument(String locale) throws Exception {
        assumeTrue(libreOffice(), SKIP);
        Path workbook = export(locale);
        assertEquals(0, soffice(workbook, "pdf"), () -> log());
        Path pdf = out.resolve("demo.pdf");
        String keep = System.getProperty("export.render.dir");
        if (keep != null) {
            Files.createDirectories(Path.of(keep));
            Files.copy(pdf, Path.of(keep, "demo-" + locale + ".pdf"), StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> pages = pages(pdf);
        assertTrue(pages.size() <= MAX_PAGES, locale + ": " + pages.size() + " pages");

        ExportLabels labels = ExportLabels.forLocale(Locale.forLanguageTag(locale));
        Map<String, Object> report = demoReport();
        // The cover: the page showing the report's id shows every label and every text value.
        List<String> coverPages = pages.stream().filter(p -> p.contains(DEMO)).toList();
        assertEquals(1, coverPages.size(), locale + ": the report id is on one page");
        String cover = coverPages.get(0);
        for (String key : List.of("cover.title", "cover.report_id", "cover.organisation", "cover.report_type", "cover.period",
                "cover.submitted_at", "cover.submitted_by", "cover.report_version", "cover.format", "cover.include_annexes",
                "cover.locale", "cover.generated_at")) {
            assertTrue(cover.contains(labels.get(key)), locale + ": label " + labels.get(key) + " on the cover page: " + cover);
        }
        String title = normalize(localized(report.get("title"), locale));
        for (String value : List.of(title, (String) report.get("org_id"), (String) report.get("report_type"),
                (String) report.get("submitted_by"), locale)) {
            assertTrue(cover.contains(value), locale + ": value " + value + " on the cover page: " + cover);
        }
        // Questions and answers: each answer in full, on the page of its question.
        for (Map<String, Object> field : fields(report)) {
            String question = normalize(localized(field.get("question"), locale));
            String answer = normalize((String) field.get("answer"));
            assertTrue(pages.stream().anyMatch(p -> p.contains(question) && p.contains(answer)),
                    () -> locale + ": '" + question + "' with its whole answer '" + answer + "' on one page: " + pages);
        }
        // Every page names the report and says which page of how many it is, in the export's language.
        String pageOf = labels.get("print.page_of_pages").replace("&P", "1").replace("&N", Integer.toString(pages.size()));
        assertTrue(pages.get(0).contains(pageOf), locale + ": '" + pageOf + "' on page 1: " + pages.get(0));
        for (String page : pages) {
            assertTrue(page.contains(title) && page.contains((String) report.get("org_id")), locale + ": header on " + page);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> demoReport() throws Exception {
        try (var in = LibreOfficeOpensExportTest.class.getResourceAsStream("/demo/reports.json")) {
            List<Map<String, Object>> reports = new ObjectMapper().readValue(in, List.class);
            return reports.stream().filter(r -> DEMO.equals(r.get("report_id"))).findFirst().orElseThrow();
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> fields(Map<String, Object> report) {
        return ((List<Map<String, Object>>) report.get("sections")).stream()
                .filter(s -> "fields".equals(s.get("kind")))
                .flatMap(s -> ((List<Map<String, Object>>) s.get("fields")).stream()).toList();
    }

    /** The text in that locale as the service resolves it (LocalizedText's rules). */
    static String localized(Object text, String locale) {
        return LocalizedText.fromJson(text).resolve(Locale.forLanguageTag(locale));
    }

    @Test
    void theDemoWorkbookOpensInLibreOffice() throws Exception {
        assumeTrue(libreOffice(), SKIP);
        Path workbook = export("nb-NO");

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
