package no.grantreports.reexport.export;

import no.grantreports.reexport.report.LocalizedText;
import no.grantreports.reexport.report.ReportContent;
import no.grantreports.reexport.report.ReportContent.Column;
import no.grantreports.reexport.report.ReportContent.ColumnType;
import org.apache.poi.ss.util.WorkbookUtil;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17 (print-ready workbooks, read from the file's XML and with Apache POI) and issue 12 item 11
 * (sheet names Excel accepts).
 */
class XlsxPrintSetupTest {

    /** Every part of an .xlsx (a zip with data descriptors, which ZipInputStream cannot read). */
    static Map<String, String> parts(byte[] xlsx) throws Exception {
        Path file = Files.createTempFile("export-", ".xlsx");
        try {
            Files.write(file, xlsx);
            Map<String, String> parts = new LinkedHashMap<>();
            try (ZipFile zip = new ZipFile(file.toFile())) {
                for (ZipEntry entry : Collections.list(zip.entries())) {
                    parts.put(entry.getName(), new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            return parts;
        } finally {
            Files.delete(file);
        }
    }

    static final String LONG_ANSWER = "Tilskuddet finansierte faste ukentlige aktiviteter for barn og unge i bydel Søndre Nordstrand, "
            + "med vekt på leksehjelp og ferieaktiviteter for familier med lav inntekt. Vi nådde 390 unike deltakere mot et mål på 350.";

    static ReportContent content() {
        List<Column> wide = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            wide.add(Column.of("c" + c, "A rather long column title " + c, ColumnType.TEXT));
        }
        return new ReportContent(List.of(
                ReportContent.Section.fields("qa", "Questions & answers", List.of(
                        new ReportContent.Field(LocalizedText.of("Beskriv kort hvordan tilskuddet er brukt."), LONG_ANSWER),
                        new ReportContent.Field(LocalizedText.of("Kort?"), "Ja."))),
                ReportContent.Section.table("narrow", "Narrow", List.of(Column.of("n", "N", ColumnType.INTEGER)), 1),
                ReportContent.Section.table("wide", "Wide", wide, 1)), List.of());
    }

    static byte[] write(String tag, ReportContent content, RowSource rows) throws Exception {
        ExportDocument doc = new ExportDocument("rpt_1", "org_A&B", "grant_final_report", LocalizedText.of("Sluttrapport & regnskap"),
                LocalDate.of(2025, 1, 1), LocalDate.of(2025, 12, 31), Instant.parse("2026-02-14T10:32:00Z"), "user_1", 3, "xlsx",
                false, Locale.forLanguageTag(tag), Instant.parse("2026-03-26T12:00:00Z"), content);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new XlsxReportWriter().write(doc, rows, out);
        return out.toByteArray();
    }

    static RowSource rows() {
        List<Object> wideRow = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            wideRow.add(c == 3 ? LONG_ANSWER : "value " + c);
        }
        return XlsxReportWriterTest.rows(Map.of("narrow", List.of(List.of(5)), "wide", List.of(wideRow)));
    }

    static String attribute(String xml, String element, String attribute) {
        Matcher m = Pattern.compile("<" + element + "\\b[^>]*?\\b" + attribute + "=\"([^\"]*)\"").matcher(xml);
        return m.find() ? m.group(1) : null;
    }

    @Test
    void everySheetHasAPageSetupForPrinting() throws Exception {
        Map<String, String> parts = parts(write("nb-NO", content(), rows()));
        List<String> sheets = parts.keySet().stream().filter(n -> n.startsWith("xl/worksheets/sheet")).sorted().toList();
        assertEquals(4, sheets.size());
        for (String name : sheets) {
            String xml = parts.get(name);
            assertEquals("9", attribute(xml, "pageSetup", "paperSize"), name + ": A4 for nb-NO");
            assertEquals("1", attribute(xml, "pageSetup", "fitToWidth"), name);
            assertEquals("0", attribute(xml, "pageSetup", "fitToHeight"), name + ": as many pages down as needed");
            assertEquals("true", attribute(xml, "pageSetUpPr", "fitToPage"), name);
            // Header: title and organisation (a literal & doubled); footer: sheet name and "Side x av y".
            assertTrue(xml.contains("Sluttrapport &amp;&amp; regnskap") && xml.contains("org_A&amp;&amp;B"), name + ": " + xml);
            assertTrue(xml.contains("Side &amp;P av &amp;N"), name);
        }
        assertEquals("portrait", attribute(parts.get(sheets.get(0)), "pageSetup", "orientation"), "cover");
        assertEquals("portrait", attribute(parts.get(sheets.get(1)), "pageSetup", "orientation"), "questions");
        assertEquals("portrait", attribute(parts.get(sheets.get(2)), "pageSetup", "orientation"), "narrow table");
        assertEquals("landscape", attribute(parts.get(sheets.get(3)), "pageSetup", "orientation"), "wide table");
        // Header rows repeat on every printed page (not the cover, which has none).
        String workbook = parts.get("xl/workbook.xml");
        for (int sheet = 1; sheet <= 3; sheet++) {
            assertTrue(workbook.matches("(?s).*<definedName[^>]*name=\"_xlnm.Print_Titles\"[^>]*localSheetId=\"" + sheet + "\"[^>]*>[^<]*\\$1:\\$1<.*")
                    || workbook.matches("(?s).*<definedName[^>]*localSheetId=\"" + sheet + "\"[^>]*name=\"_xlnm.Print_Titles\"[^>]*>[^<]*\\$1:\\$1<.*"),
                    "sheet " + sheet + ": " + workbook);
        }
        // Tables: frozen header row and a filter.
        assertTrue(parts.get(sheets.get(3)).contains("<autoFilter ref=\"A1:H2\""), parts.get(sheets.get(3)));
        assertTrue(parts.get(sheets.get(3)).contains("state=\"frozen\""));
        assertEquals("1", attribute(Map.of("x", parts(write("en-US", content(), rows())).get(sheets.get(0))).get("x"), "pageSetup", "paperSize"),
                "Letter for en-US");
    }

    @Test
    void longTextWrapsAndItsRowIsTallEnough() throws Exception {
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(write("nb-NO", content(), rows())))) {
            XSSFSheet qa = workbook.getSheetAt(1);
            assertEquals(XlsxReportWriter.QUESTION_WIDTH + XlsxReportWriter.ANSWER_WIDTH,
                    (qa.getColumnWidth(0) + qa.getColumnWidth(1)) / 256.0, 1, "question and answer side by side");
            assertTrue(qa.getRow(1).getCell(1).getCellStyle().getWrapText());
            int lines = TextFit.lines(LONG_ANSWER, XlsxReportWriter.ANSWER_WIDTH);
            assertTrue(lines >= 4, "about 205 characters in a 60-character column: " + lines);
            assertEquals(TextFit.height(lines), qa.getRow(1).getHeightInPoints(), 0.01);
            assertTrue(qa.getRow(2).getHeightInPoints() < 20, "a short answer keeps one line");

            XSSFSheet wide = workbook.getSheetAt(3);
            double width = wide.getColumnWidth(3) / 256.0;
            assertTrue(width <= 50 && width >= 30, "long text column within bounds: " + width);
            assertTrue(wide.getColumnWidth(0) / 256.0 < width, "short column narrower");
            assertTrue(wide.getRow(1).getCell(3).getCellStyle().getWrapText());
            assertEquals(TextFit.height(TextFit.lines(LONG_ANSWER, width)), wide.getRow(1).getHeightInPoints(), 0.01);
        }
    }

    @Test
    void textLinesAreEstimatedGenerously() {
        assertEquals(1, TextFit.lines("short", 20));
        assertEquals(1, TextFit.lines("exactly eighteen c", 20));
        assertEquals(2, TextFit.lines("exactly eighteen ch", 20));
        assertEquals(2, TextFit.lines("aaaa bbbb cccc dddd eeee", 20), "words are not split: the line breaks at a space");
        assertEquals(3, TextFit.lines("one\ntwo\nthree", 20));
        assertEquals(3, TextFit.lines("x".repeat(50), 20), "a word longer than the line is broken");
        assertEquals(TextFit.MAX_HEIGHT, TextFit.height(1000));
    }

    @Test
    void documentPropertiesNameTheReport() throws Exception {
        Map<String, String> parts = parts(write("nn-NO", content(), rows()));
        String core = parts.get("docProps/core.xml");
        assertTrue(core.contains("<dc:title>Sluttrapport &amp; regnskap</dc:title>"), core);
        assertTrue(core.contains("<dc:subject>grant_final_report</dc:subject>"), core);
        assertTrue(core.contains("<dc:creator>" + XlsxReportWriter.APPLICATION + "</dc:creator>"), core);
        assertTrue(core.contains("<dcterms:created"), core);
        String custom = parts.get("docProps/custom.xml");
        assertNotNull(custom, parts.keySet().toString());
        assertTrue(custom.matches("(?s).*name=\"Language\".*nn-NO.*"), custom);
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(write("nn-NO", content(), rows())))) {
            var props = workbook.getProperties();
            assertEquals("Sluttrapport & regnskap", props.getCoreProperties().getTitle());
            assertEquals(XlsxReportWriter.APPLICATION, props.getCoreProperties().getCreator());
            assertEquals("nn-NO", props.getCustomProperties().getProperty("Language").getLpwstr());
        }
    }

    @Test
    void sheetNamesFollowExcelsRules() {
        XlsxReportWriter.SheetNames names = new XlsxReportWriter.SheetNames();
        assertEquals("History (2)", names.unique("History"), "reserved by Excel");
        assertEquals("history (3)", names.unique("history"));
        assertEquals("Budget", names.unique("'Budget'"), "no ' at either end");
        assertEquals("Q1 'draft", names.unique("''Q1 'draft'"));
        assertEquals("a_b_c_d_e_f_g_", names.unique("a[b]c:d*e?f/g\\"));
        String cut = names.unique("x".repeat(30) + "'yyy");
        assertEquals("x".repeat(30), cut, "cut to 31, then the ' left at the end removed");
        assertEquals("BUDGET (2)", names.unique("BUDGET"), "unique ignoring case");
        assertEquals("Sheet", names.unique("''"));
        String emoji = names.unique("e".repeat(30) + "\uD83D\uDE00");
        assertEquals(30, emoji.length(), "a surrogate pair is not split");
        for (int i = 0; i < 12; i++) {
            String name = names.unique("A section title long enough to be cut " + i % 2);
            assertTrue(name.length() <= 31, name);
        }
    }

    @Test
    void awkwardSheetNamesOpenInPoi() throws Exception {
        List<String> titles = List.of("History", "'Quoted'", "Budget: 2025/Q1 [draft] *?\\", "budget: 2025/q1 [DRAFT] *?\\",
                "A section title that is much longer than Excel allows", "A section title that is much longer than Excel allows too");
        List<ReportContent.Section> sections = new ArrayList<>();
        for (int i = 0; i < titles.size(); i++) {
            sections.add(ReportContent.Section.table("s" + i, titles.get(i), List.of(Column.of("n", "N", ColumnType.INTEGER)), 1));
        }
        Map<String, List<List<Object>>> rows = new LinkedHashMap<>();
        for (int i = 0; i < titles.size(); i++) {
            rows.put("s" + i, List.of(List.of(i)));
        }
        byte[] xlsx = write("en-GB", new ReportContent(sections, List.of()), XlsxReportWriterTest.rows(rows));
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            assertEquals(titles.size() + 1, workbook.getNumberOfSheets());
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < workbook.getNumberOfSheets(); i++) {
                String name = workbook.getSheetName(i);
                WorkbookUtil.validateSheetName(name); // throws on what Excel refuses
                assertFalse(name.equalsIgnoreCase("History"), name);
                assertTrue(seen.add(name.toLowerCase(Locale.ROOT)), "unique ignoring case: " + name);
                if (i > 0) {
                    assertEquals(i - 1, (int) workbook.getSheetAt(i).getRow(1).getCell(0).getNumericCellValue(), name);
                }
            }
        }
    }
}
