package no.grantreports.reexport.export;

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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The writer alone, read back with fastexcel-reader: what a user sees when opening the file. */
class XlsxReportWriterTest {

    private final XlsxReportWriter writer = new XlsxReportWriter();

    static ExportDocument document(Locale locale, boolean annexes, ReportContent content) {
        return new ExportDocument("rpt_1", "org_1", "grant_final_report", "A report", LocalDate.of(2025, 1, 1),
                LocalDate.of(2025, 12, 31), Instant.parse("2026-02-14T10:32:00Z"), "user_1", 3, "xlsx", annexes, locale,
                Instant.parse("2026-03-26T12:00:00Z"), content);
    }

    static ReportContent allTypes() {
        List<Column> columns = Arrays.stream(ColumnType.values())
                .map(t -> new Column(t.wireName(), t.wireName().toUpperCase(), t, t == ColumnType.CURRENCY ? "NOK" : null))
                .toList();
        List<Object> row = Arrays.asList("text", 1234567, 12.5, 1999.99, 0.25, "2025-06-23", "2025-06-23T14:30:00Z", true);
        return new ReportContent(List.of(ReportContent.Section.table("all", "All types", columns, List.of(row, Arrays.asList(new Object[8])))),
                List.of(new ReportContent.Annex("a1", "Audit", "audit.pdf", "application/pdf", 1000)));
    }

    private ReadableWorkbook write(ExportDocument doc) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(doc, out);
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
            assertTrue(rows.size() == 2 || rows.get(2).getCellCount() == 0, "null cells stay empty");
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
                List.of(Column.of("d", "D", ColumnType.DATE)), List.of(List.of("not a date")))), List.of());
        ExportException e = assertThrows(ExportException.class,
                () -> writer.write(document(Locale.UK, false, bad), new ByteArrayOutputStream()));
        assertTrue(e.getMessage().contains("column 'd'"), e.getMessage());
    }
}
