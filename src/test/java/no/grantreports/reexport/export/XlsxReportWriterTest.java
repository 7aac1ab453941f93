package no.grantreports.reexport.export;

import no.grantreports.reexport.report.RowSource;
import no.grantreports.reexport.report.LocalizedText;
import no.grantreports.reexport.report.ReportContent;
import no.grantreports.reexport.report.ReportContent.Column;
import no.grantreports.reexport.report.ReportContent.ColumnType;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The writer alone, read back with fastexcel-reader: what a user sees when opening the file. */
class XlsxReportWriterTest {

    private final XlsxReportWriter writer = new XlsxReportWriter();

    static ExportDocument document(Locale locale, boolean annexes, ReportContent content) {
        return new ExportDocument("rpt_1", "org_1", "grant_final_report", LocalizedText.of("A report"), LocalDate.of(2025, 1, 1),
                LocalDate.of(2025, 12, 31), Instant.parse("2026-02-14T10:32:00Z"), "user_1", 3, "xlsx", annexes, locale,
                Instant.parse("2026-03-26T12:00:00Z"), content);
    }

    static final List<Column> ALL_COLUMNS = Arrays.stream(ColumnType.values())
            .map(t -> new Column(t.wireName(), LocalizedText.of(t.wireName().toUpperCase()), t,
                    t == ColumnType.CURRENCY ? "NOK" : null))
            .toList();

    static ReportContent allTypes() {
        return new ReportContent(List.of(ReportContent.Section.table("all", "All types", ALL_COLUMNS, 2)),
                List.of(new ReportContent.Annex("a1", LocalizedText.of("Audit"), "audit.pdf", "application/pdf", 1000, null, 0)));
    }

    /** Rows by part, as the database would hand them out. */
    static RowSource rows(Map<String, List<List<Object>>> parts) {
        return (part, consumer) -> {
            for (List<Object> row : parts.getOrDefault(part, List.of())) {
                consumer.accept(row);
            }
        };
    }

    static final RowSource ALL_TYPE_ROWS = rows(Map.of("all", List.of(
            Arrays.asList("text", 1234567, 12.5, 1999.99, 0.25, "2025-06-23", "2025-06-23T14:30:00Z", true),
            Arrays.asList(new Object[8]))));

    private ReadableWorkbook write(ExportDocument doc) throws Exception {
        return write(doc, ALL_TYPE_ROWS);
    }

    private ReadableWorkbook write(ExportDocument doc, RowSource rows) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(doc, rows, out);
        return new ReadableWorkbook(new ByteArrayInputStream(out.toByteArray()), new ReadingOptions(true, false));
    }

    @Test
    void typedCellsCarryNumberAndDateFormats() throws Exception {
        try (ReadableWorkbook workbook = write(document(Locale.forLanguageTag("en-GB"), false, allTypes()))) {
            List<Row> rows = workbook.findSheet("All types").orElseThrow().read();
            assertEquals("TEXT", rows.get(0).getCell(0).asString());
            Row row = rows.get(1);
            assertEquals("text", row.getCell(0).asString());
            assertEquals(CellType.NUMBER, row.getCell(1).getType());
            assertEquals(0, new BigDecimal("1234567").compareTo(row.getCell(1).asNumber()));
            assertEquals("#,##0", row.getCell(1).getDataFormatString());
            assertEquals("#,##0.00", row.getCell(2).getDataFormatString());
            assertEquals("#,##0.00 \"NOK\"", row.getCell(3).getDataFormatString());
            assertEquals("0.0%", row.getCell(4).getDataFormatString());
            assertEquals(LocalDate.of(2025, 6, 23), row.getCell(5).asDate().toLocalDate());
            assertEquals("dd/mm/yyyy", row.getCell(5).getDataFormatString());
            assertEquals(LocalDateTime.of(2025, 6, 23, 14, 30), row.getCell(6).asDate());
            assertEquals("Yes", row.getCell(7).asString());
            assertTrue(rows.size() == 2 || rows.get(2).stream().allMatch(cell -> cell == null || cell.getType() == CellType.EMPTY),
                    "null cells stay empty");
        }
    }

    @Test
    void labelsAndDateFormatsFollowTheLocale() throws Exception {
        try (ReadableWorkbook workbook = write(document(Locale.forLanguageTag("nb-NO"), true, allTypes()))) {
            assertEquals(List.of("Forside", "All types", "Vedlegg"), workbook.getSheets().map(Sheet::getName).toList());
            Row row = workbook.findSheet("All types").orElseThrow().read().get(1);
            assertEquals("dd.mm.yyyy", row.getCell(5).getDataFormatString());
            assertEquals("Ja", row.getCell(7).asString());
            List<Row> cover = workbook.getFirstSheet().read();
            assertEquals("Rapportversjon", cover.get(7).getCell(0).asString());
            assertEquals(0, new BigDecimal(3).compareTo(cover.get(7).getCell(1).asNumber()));
        }
        try (ReadableWorkbook workbook = write(document(Locale.forLanguageTag("nn-NO"), false, allTypes()))) {
            assertEquals(List.of("Framside", "All types"), workbook.getSheets().map(Sheet::getName).toList());
        }
    }

    @Test
    void tabularAnnexesGetTheirOwnSheetOnlyWithAnnexes() throws Exception {
        ReportContent content = new ReportContent(
                List.of(new ReportContent.Section("s", LocalizedText.of(Map.of("nb-NO", "Budsjett", "en-GB", "Budget")),
                        ReportContent.SectionKind.TABLE, List.of(Column.of("n", "N", ColumnType.INTEGER)), null, 1)),
                List.of(new ReportContent.Annex("a1", LocalizedText.of(Map.of("nb-NO", "Deltakere", "en-GB", "Participants")),
                        "p.xlsx", "application/vnd.ms-excel", 10, List.of(Column.of("g", "Group", ColumnType.TEXT)), 1)));
        RowSource rows = rows(Map.of("s", List.of(List.of(7)), ReportContent.annexPart("a1"), List.of(List.of("6–9"))));
        try (ReadableWorkbook workbook = write(document(Locale.forLanguageTag("en-US"), true, content), rows)) {
            assertEquals(List.of("Cover", "Budget", "Attachments", "Participants"), workbook.getSheets().map(Sheet::getName).toList());
            assertEquals("6–9", workbook.findSheet("Participants").orElseThrow().read().get(1).getCell(0).asString());
        }
        try (ReadableWorkbook workbook = write(document(Locale.forLanguageTag("nn-NO"), false, content), rows)) {
            assertEquals(List.of("Framside", "Budsjett"), workbook.getSheets().map(Sheet::getName).toList(),
                    "nn falls back to nb; no annex content without include_annexes");
        }
    }

    @Test
    void sheetNamesAreValidAndUnique() {
        XlsxReportWriter.SheetNames names = new XlsxReportWriter.SheetNames();
        assertEquals("Budget_ 2025_Q1", names.unique("Budget: 2025/Q1"));
        String longName = "A very long section title that Excel would refuse";
        String first = names.unique(longName);
        String second = names.unique(longName);
        assertEquals(31, first.length());
        assertTrue(second.length() <= 31 && second.endsWith(" (2)"), second);
        assertEquals("Sheet", names.unique("  "));
        assertEquals("sheet (2)", names.unique("sheet"));
    }

    @Test
    void aValueThatDoesNotFitItsColumnIsAnExportError() {
        ReportContent bad = new ReportContent(List.of(ReportContent.Section.table("t", "T",
                List.of(Column.of("d", "D", ColumnType.DATE)), 1)), List.of());
        ExportException e = assertThrows(ExportException.class, () -> writer.write(document(Locale.UK, false, bad),
                rows(Map.of("t", List.of(List.of("not a date")))), new ByteArrayOutputStream()));
        assertTrue(e.getMessage().contains("column 'd'"), e.getMessage());
    }
}
