package no.grantreports.reexport.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Rows are streamed when their columns (and the part they belong to) come first, and kept until the
 * object is read otherwise: the order of the fields must not change what is stored.
 */
class ReportDocumentReaderTest {

    private static final String COLUMNS = """
            [{"key": "item", "title": "Item", "type": "text"}, {"key": "amount", "title": "Amount", "type": "integer"}]""";
    private static final String ROWS = """
            [["Rent", 100], ["Travel", 25], ["Food", 7]]""";

    private final ReportDocumentReader reader = new ReportDocumentReader(new ObjectMapper().findAndRegisterModules());

    private record Read(ReportDocumentReader.Result result, List<String> delivered) {
    }

    private Read read(String section, String annex) throws IOException {
        String document = """
                {"report_id": "rpt_1", "org_id": "org_1", "report_type": "grant_final_report", "title": "Report",
                 "period": {"from": "2025-01-01", "to": "2025-12-31"}, "submitted_at": "2026-01-15T08:00:00Z",
                 "submitted_by": "someone", "sections": [%s], "annexes": [%s]}""".formatted(section, annex);
        List<String> delivered = new ArrayList<>();
        ReportDocumentReader.Result result = reader.read(new ByteArrayInputStream(document.getBytes(StandardCharsets.UTF_8)),
                "rpt_1", (part, first, rows) -> {
                    for (int i = 0; i < rows.size(); i++) {
                        delivered.add(part + "#" + (first + i) + "=" + rows.get(i));
                    }
                });
        return new Read(result, delivered);
    }

    private static String section(String... fields) {
        return "{" + String.join(", ", fields) + "}";
    }

    private static final String KEY = "\"key\": \"budget\"";
    private static final String TITLE = "\"title\": \"Budget\"";
    private static final String KIND = "\"kind\": \"table\"";
    private static final String SECTION_COLUMNS = "\"columns\": " + COLUMNS;
    private static final String SECTION_ROWS = "\"rows\": " + ROWS;

    private static String annex(String... fields) {
        return "{" + String.join(", ", fields) + "}";
    }

    private static final String ANNEX_ID = "\"annex_id\": \"anx_1\"";
    private static final String ANNEX_REST = "\"title\": \"Annex\", \"file_name\": \"a.pdf\"";
    private static final String CONTENT_COLUMNS_FIRST = "\"content\": {\"columns\": " + COLUMNS + ", \"rows\": " + ROWS + "}";
    private static final String CONTENT_ROWS_FIRST = "\"content\": {\"rows\": " + ROWS + ", \"columns\": " + COLUMNS + "}";

    @Test
    void rowsBeforeTheirColumnsOrKeyAreStoredAsRowsAfterThem() throws IOException {
        Read streamed = read(section(KEY, TITLE, KIND, SECTION_COLUMNS, SECTION_ROWS), annex(ANNEX_ID, ANNEX_REST, CONTENT_COLUMNS_FIRST));
        assertEquals(6, streamed.delivered().size(), streamed.delivered().toString());
        assertEquals(3, streamed.result().content().sections().get(0).rowCount());
        assertEquals(3, streamed.result().content().annexes().get(0).rowCount());

        List<Read> kept = List.of(
                read(section(SECTION_ROWS, SECTION_COLUMNS, KEY, TITLE, KIND), annex(ANNEX_ID, ANNEX_REST, CONTENT_ROWS_FIRST)),
                read(section(SECTION_COLUMNS, SECTION_ROWS, KEY, TITLE, KIND), annex(ANNEX_REST, ANNEX_ID, CONTENT_COLUMNS_FIRST)),
                read(section(KEY, SECTION_ROWS, TITLE, KIND, SECTION_COLUMNS), annex(ANNEX_ID, CONTENT_ROWS_FIRST, ANNEX_REST)),
                // content before annex_id: the rows wait for the id (they were dropped without a word)
                read(section(KEY, TITLE, KIND, SECTION_COLUMNS, SECTION_ROWS), annex(CONTENT_COLUMNS_FIRST, ANNEX_ID, ANNEX_REST)),
                read(section(KEY, TITLE, KIND, SECTION_COLUMNS, SECTION_ROWS), annex(ANNEX_REST, CONTENT_ROWS_FIRST, ANNEX_ID)));
        for (Read read : kept) {
            assertEquals(streamed.delivered(), read.delivered());
            assertEquals(streamed.result().content(), read.result().content());
        }
    }

    @Test
    void keptRowsWithoutColumnsAreRefused() {
        InvalidReportException section = assertThrows(InvalidReportException.class,
                () -> read(section(KEY, TITLE, KIND, SECTION_ROWS), ""));
        assertEquals(List.of(new InvalidReportException.Violation("/sections/0/columns", "a table needs at least one column")),
                section.violations());
        InvalidReportException annex = assertThrows(InvalidReportException.class,
                () -> read(section(KEY, TITLE, KIND, SECTION_COLUMNS, SECTION_ROWS), annex(ANNEX_ID, ANNEX_REST, "\"content\": {\"rows\": " + ROWS + "}")));
        assertEquals(List.of(new InvalidReportException.Violation("/annexes/0/content/columns", "tabular content needs at least one column")),
                annex.violations());
    }

    @Test
    void aFieldsSectionWithKeptRowsIsRefused() {
        InvalidReportException refused = assertThrows(InvalidReportException.class, () -> read(
                section(SECTION_ROWS, KEY, TITLE, "\"kind\": \"fields\"", "\"fields\": [{\"question\": \"A\", \"answer\": \"b\"}]"), ""));
        assertEquals(new InvalidReportException.Violation("/sections/0", "a fields section has no columns or rows"),
                refused.violations().get(refused.violations().size() - 1));
    }
}
