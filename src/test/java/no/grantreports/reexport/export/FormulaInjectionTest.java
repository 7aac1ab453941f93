package no.grantreports.reexport.export;

import no.grantreports.reexport.report.LocalizedText;
import no.grantreports.reexport.report.ReportContent;
import no.grantreports.reexport.report.ReportContent.Column;
import no.grantreports.reexport.report.ReportContent.ColumnType;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 item 1 (OWASP CSV injection): a report whose every text field starts with a character a
 * spreadsheet would run as a formula. Every cell of every CSV in the zip, read back with a real CSV
 * parser, starts with {@code '} when it is text that would otherwise be a formula; numbers stay
 * numbers. The xlsx of the same report holds no formula at all.
 */
class FormulaInjectionTest {

    /** Each dangerous start: = + - @ TAB CR, after spaces or quotes, and the full-width forms. */
    static final List<String> PREFIXES = List.of("=", "+", "-", "@", "\t", "\r", "  =", "\"=", "'=", " \"+",
            "\uFF1D", "\uFF0B", "\uFF0D", "\uFF20");

    static boolean startsDangerously(String cell) {
        int i = 0;
        while (i < cell.length() && " \u00A0\u3000\"'\uFF02\uFF07".indexOf(cell.charAt(i)) >= 0) {
            i++;
        }
        return i < cell.length() && "=+-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20".indexOf(cell.charAt(i)) >= 0;
    }

    static ExportDocument hostile(String p, Locale locale) {
        List<Column> columns = List.of(
                new Column(p + "text", LocalizedText.of(p + "Text column"), ColumnType.TEXT, null),
                new Column("amount", LocalizedText.of(p + "Amount"), ColumnType.CURRENCY, "NOK"),
                new Column("count", LocalizedText.of(p + "Count"), ColumnType.INTEGER, null),
                new Column("share", LocalizedText.of(p + "Share"), ColumnType.PERCENT, null));
        ReportContent content = new ReportContent(List.of(
                ReportContent.Section.fields("qa", p + "Questions", List.of(
                        new ReportContent.Field(LocalizedText.of(p + "cmd|' /C calc'!A0"), p + "HYPERLINK(\"http://evil\")"))),
                new ReportContent.Section("t", LocalizedText.of(p + "Table"), ReportContent.SectionKind.TABLE, columns, null, 1)),
                List.of(new ReportContent.Annex(p + "a1", LocalizedText.of(p + "Annex title"), p + "file.xlsx", p + "text/plain", 10,
                        List.of(new Column("g", LocalizedText.of(p + "Group"), ColumnType.TEXT, null)), 1)));
        return new ExportDocument(p + "rpt", p + "org", p + "type", LocalizedText.of(p + "Title"), LocalDate.of(2025, 1, 1),
                LocalDate.of(2025, 12, 31), Instant.parse("2026-02-14T10:32:00Z"), p + "submitter", 1, "csv", true, locale,
                Instant.parse("2026-03-26T12:00:00Z"), content);
    }

    static RowSource rows(String p) {
        return XlsxReportWriterTest.rows(Map.of(
                "t", List.of(Arrays.asList(p + "SUM(A1:A2)", -1234.5, -7, -0.25)),
                ReportContent.annexPart(p + "a1"), List.of(List.of(p + "group"))));
    }

    /** Every CSV entry of the zip, by name, as the bytes the writer produced (BOM stripped). */
    static Map<String, String> csvs(byte[] zip) throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                files.put(entry.getName(), text.startsWith("\uFEFF") ? text.substring(1) : text);
            }
        }
        return files;
    }

    @ParameterizedTest
    @ValueSource(strings = {"nb-NO", "en-GB"})
    void noCsvCellStartsWithAFormula(String tag) throws Exception {
        Locale locale = Locale.forLanguageTag(tag);
        char delimiter = tag.startsWith("nb") ? ';' : ',';
        CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(delimiter).get();
        for (String p : PREFIXES) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new CsvZipReportWriter().write(hostile(p, locale), rows(p), out);
            Map<String, String> files = csvs(out.toByteArray());
            assertEquals(3, files.size(), files.keySet().toString());
            List<String> cells = new ArrayList<>();
            for (Map.Entry<String, String> file : files.entrySet()) {
                try (CSVParser parser = CSVParser.parse(new StringReader(file.getValue()), format)) {
                    for (CSVRecord record : parser) {
                        record.forEach(cells::add);
                    }
                }
            }
            String prefix = p.replace("\t", "\\t").replace("\r", "\\r");
            for (String cell : cells) {
                boolean number = cell.matches("-?[0-9]+([.,][0-9]+)?");
                // Defused text is the report's text (which starts with the prefix) behind one added '.
                boolean defused = cell.startsWith("'" + p);
                assertFalse(!number && !defused && startsDangerously(cell),
                        () -> "prefix '" + prefix + "': unescaped cell " + cell.replace("\r", "\\r"));
            }
            // Every text field of the report was there, defused: title, submitted_by, questions, answers,
            // annex title and file name, column headers of the table and the annex CSV, table text.
            for (String field : List.of("Title", "submitter", "type", "org", "rpt", "cmd|' /C calc'!A0", "HYPERLINK(\"http://evil\")",
                    "Annex title", "file.xlsx", "Text column", "Amount", "Count", "Share", "Group", "SUM(A1:A2)", "group")) {
                assertTrue(cells.contains("'" + p + field), () -> "prefix '" + prefix + "': no defused cell for " + field + " in " + cells);
            }
            // Numbers stay numbers, negative ones included, in the locale's decimal format.
            String table = files.get("t.csv");
            String amount = tag.startsWith("nb") ? "-1234,50" : "-1234.50";
            String share = tag.startsWith("nb") ? "-0,25" : "-0.25";
            assertTrue(cells.containsAll(List.of(amount, "-7", share)), cells::toString);
            // Defused cells are quoted in the file, so a reader sees the ' as part of the text.
            Matcher quoted = Pattern.compile("(^|[" + delimiter + "\\n])\"'").matcher(table);
            assertTrue(quoted.find(), table);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"=", "+", "-", "@", "\uFF1D"})
    void theWorkbookHasNoFormulaForText(String p) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new XlsxReportWriter().write(hostile(p, Locale.UK), rows(p), out);
        int sheets = 0;
        for (Map.Entry<String, String> part : XlsxPrintSetupTest.parts(out.toByteArray()).entrySet()) {
            if (part.getKey().startsWith("xl/worksheets/sheet")) {
                sheets++;
                assertFalse(part.getValue().contains("<f>") || part.getValue().contains("<f "), part.getKey() + ": " + part.getValue());
            }
        }
        assertEquals(5, sheets, "cover, questions, table, annex list, annex table");
        try (var workbook = new org.dhatim.fastexcel.reader.ReadableWorkbook(new ByteArrayInputStream(out.toByteArray()))) {
            var cell = workbook.getSheets().filter(s -> s.getName().endsWith("Table")).findFirst().orElseThrow().read().get(1).getCell(0);
            assertEquals(org.dhatim.fastexcel.reader.CellType.STRING, cell.getType());
            assertEquals(p + "SUM(A1:A2)", cell.asString());
        }
    }
}
