package no.grantreports.reexport.export;

import no.grantreports.reexport.report.ReportContent;
import org.dhatim.fastexcel.PaperSize;
import org.dhatim.fastexcel.Position;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Writes a report as an .xlsx workbook with fastexcel, streaming: rows are flushed to the output
 * as they are written, so memory does not grow with the report. Plain Java, no framework.
 *
 * <p>The workbook is meant to be printed as well as read: every sheet has a page setup (paper by
 * locale, fitted to one page width, landscape when wide), a header and footer naming the report, its
 * organisation and "page x of y", the header row repeated on every page; long text wraps and its row
 * is made tall enough (fastexcel cannot measure text, so lines are estimated from the text length and
 * the column width, see {@link TextFit}).
 */
public class XlsxReportWriter implements ReportWriter {

    static final String APPLICATION = "Report re-export service";
    private static final int FLUSH_EVERY_ROWS = 1_000;
    /**
     * Rows of a table that get wrapped text and an estimated height. fastexcel keeps every row height
     * it is given until the sheet ends, so a very long table would hold one entry per row; past this,
     * long text is shown clipped (never overlapping) and the streaming memory bound holds.
     */
    static final int WRAPPED_ROWS_LIMIT = 20_000;
    private static final String HEADER_FILL = "DDEBF7";
    /** Total column width (in characters) that still prints portrait on A4/Letter at a readable scale. */
    static final double PORTRAIT_MAX_WIDTH = 100;
    private static final double TEXT_MAX_WIDTH = 50;
    private static final double OTHER_MAX_WIDTH = 30;
    private static final double MIN_WIDTH = 6;

    @Override
    public void write(ExportDocument doc, RowSource rows, OutputStream out) throws IOException {
        ExportLabels labels = ExportLabels.forLocale(doc.locale());
        Workbook workbook = new Workbook(out, APPLICATION, "1.0");
        String title = doc.text(doc.title());
        // Creator (the application) and created date (now) are written by fastexcel itself; core
        // properties have no language field there, so the language is a custom property.
        workbook.properties().setTitle(title).setSubject(doc.reportType()).setKeywords(doc.reportId())
                .setCompany(doc.orgId()).setDescription(doc.reportType() + " " + doc.reportId())
                .setTextProperty("Language", doc.locale().toLanguageTag())
                .setTextProperty("Report ID", doc.reportId());
        PageSetup page = PageSetup.of(doc, labels, title);
        SheetNames names = new SheetNames();
        writeCover(workbook.newWorksheet(names.unique(labels.get("sheet.cover"))), doc, labels, page);
        for (ReportContent.Section section : doc.content().sections()) {
            Worksheet sheet = workbook.newWorksheet(names.unique(doc.text(section.title())));
            if (section.kind() == ReportContent.SectionKind.FIELDS) {
                writeFields(sheet, doc, section, labels, page);
            } else {
                writeTable(sheet, doc, section.key(), section.columns(), rows, labels, page);
            }
            sheet.finish();
        }
        if (doc.includeAnnexes() && !doc.content().annexes().isEmpty()) {
            writeAnnexIndex(workbook.newWorksheet(names.unique(labels.get("sheet.annexes"))), doc, labels, page);
            for (ReportContent.Annex annex : doc.tabularAnnexes()) {
                Worksheet sheet = workbook.newWorksheet(names.unique(doc.text(annex.title())));
                writeTable(sheet, doc, ReportContent.annexPart(annex.annexId()), annex.columns(), rows, labels, page);
                sheet.finish();
            }
        }
        workbook.finish();
    }

    private void writeCover(Worksheet sheet, ExportDocument doc, ExportLabels labels, PageSetup page) throws IOException {
        String dateFormat = labels.get("format.date");
        String dateTimeFormat = labels.get("format.datetime");
        double valueWidth = 50;
        List<String> labelTexts = new ArrayList<>();
        int row = 0;
        row = labelled(sheet, row, labels.get("cover.title"), doc.text(doc.title()), valueWidth, labelTexts);
        row = labelled(sheet, row, labels.get("cover.report_id"), doc.reportId(), valueWidth, labelTexts);
        row = labelled(sheet, row, labels.get("cover.organisation"), doc.orgId(), valueWidth, labelTexts);
        row = labelled(sheet, row, labels.get("cover.report_type"), doc.reportType(), valueWidth, labelTexts);
        labelTexts.add(labels.get("cover.period"));
        sheet.value(row, 0, labels.get("cover.period"));
        sheet.value(row, 1, doc.periodFrom());
        sheet.style(row, 1).format(dateFormat).horizontalAlignment("left").verticalAlignment("top").set();
        sheet.value(row, 2, doc.periodTo());
        sheet.style(row, 2).format(dateFormat).horizontalAlignment("left").verticalAlignment("top").set();
        row++;
        labelTexts.add(labels.get("cover.submitted_at"));
        sheet.value(row, 0, labels.get("cover.submitted_at"));
        sheet.value(row, 1, doc.submittedAt().atZone(ZoneOffset.UTC));
        sheet.style(row, 1).format(dateTimeFormat).horizontalAlignment("left").verticalAlignment("top").set();
        row++;
        row = labelled(sheet, row, labels.get("cover.submitted_by"), doc.submittedBy(), valueWidth, labelTexts);
        labelTexts.add(labels.get("cover.report_version"));
        sheet.value(row, 0, labels.get("cover.report_version"));
        sheet.value(row, 1, doc.reportVersion());
        sheet.style(row++, 1).horizontalAlignment("left").verticalAlignment("top").set();
        row = labelled(sheet, row, labels.get("cover.format"), doc.format(), valueWidth, labelTexts);
        row = labelled(sheet, row, labels.get("cover.include_annexes"), labels.yesNo(doc.includeAnnexes()), valueWidth, labelTexts);
        row = labelled(sheet, row, labels.get("cover.locale"), doc.locale().toLanguageTag(), valueWidth, labelTexts);
        labelTexts.add(labels.get("cover.generated_at"));
        sheet.value(row, 0, labels.get("cover.generated_at"));
        sheet.value(row, 1, doc.generatedAt().atZone(ZoneOffset.UTC));
        sheet.style(row, 1).format(dateTimeFormat).horizontalAlignment("left").verticalAlignment("top").set();
        double labelWidth = TextFit.clamp(labelTexts.stream().mapToInt(String::length).max().orElse(10) + 2, 12, 30);
        // Alignment is set as a whole per cell (a later range style would replace the left alignment above).
        sheet.range(0, 0, row, 0).style().bold().wrapText(true).verticalAlignment("top").set();
        sheet.width(0, labelWidth);
        sheet.width(1, valueWidth);
        sheet.width(2, 12);
        page.apply(sheet, labelWidth + valueWidth + 12, false);
        sheet.finish();
    }

    /** A label and a text value; the value wraps and the row is as tall as the longer of the two. */
    private static int labelled(Worksheet sheet, int row, String label, String value, double valueWidth,
                                List<String> labelTexts) {
        labelTexts.add(label);
        sheet.value(row, 0, label);
        sheet.value(row, 1, value);
        if (TextFit.lines(value, valueWidth) > 1) {
            sheet.style(row, 1).wrapText(true).verticalAlignment("top").set();
            sheet.rowHeight(row, TextFit.height(TextFit.lines(value, valueWidth)));
        }
        return row + 1;
    }

    private void writeTable(Worksheet sheet, ExportDocument doc, String part, List<ReportContent.Column> columns,
                            RowSource rows, ExportLabels labels, PageSetup page) throws IOException {
        int n = columns.size();
        String[] formats = new String[n];
        String[] titles = new String[n];
        boolean[] text = new boolean[n];
        int[] longest = new int[n];
        for (int c = 0; c < n; c++) {
            ReportContent.Column column = columns.get(c);
            titles[c] = column.title() != null ? doc.text(column.title()) : column.key();
            sheet.value(0, c, titles[c]);
            formats[c] = numberFormat(column, labels);
            text[c] = column.type() == ReportContent.ColumnType.TEXT;
        }
        header(sheet, n);
        // Widths are fitted to the first block of rows (what fastexcel still holds before its first
        // flush writes the column widths); that block's text is kept to size its rows afterwards.
        double[] widths = new double[n];
        boolean[] fitted = {false};
        List<String[]> firstBlock = new ArrayList<>();
        int[] row = {1};
        int[] blockStart = {1};
        rows.forEach(part, cells -> {
            int r = row[0]++;
            String[] texts = null;
            int lines = 1;
            for (int c = 0; c < n; c++) {
                Object value = c < cells.size() ? cells.get(c) : null;
                writeCell(sheet, r, c, columns.get(c), value, labels, part);
                if (value == null) {
                    continue;
                }
                if (!fitted[0]) {
                    longest[c] = Math.max(longest[c], TextFit.displayLength(columns.get(c), value, labels));
                    if (text[c]) {
                        texts = texts == null ? new String[n] : texts;
                        texts[c] = value.toString();
                    }
                } else if (text[c] && r < WRAPPED_ROWS_LIMIT && TextFit.wraps(value.toString(), widths[c])) {
                    sheet.style(r, c).wrapText(true).verticalAlignment("top").set();
                    lines = Math.max(lines, TextFit.lines(value.toString(), widths[c]));
                }
            }
            if (lines > 1) {
                sheet.rowHeight(r, TextFit.height(lines));
            }
            if (!fitted[0]) {
                firstBlock.add(texts);
            }
            if (row[0] - blockStart[0] == FLUSH_EVERY_ROWS) {
                if (!fitted[0]) {
                    fitColumns(sheet, columns, titles, longest, widths, firstBlock, page);
                    fitted[0] = true;
                }
                formatBlock(sheet, formats, blockStart[0], r);
                blockStart[0] = row[0];
                sheet.flush();
            }
        });
        if (!fitted[0]) {
            fitColumns(sheet, columns, titles, longest, widths, firstBlock, page);
        }
        formatBlock(sheet, formats, blockStart[0], row[0] - 1);
        if (n > 0) {
            sheet.setAutoFilter(0, 0, Math.max(0, row[0] - 1), n - 1);
        }
    }

    /** Column widths from the header and the first block, then the heights of the header and of that block. */
    private static void fitColumns(Worksheet sheet, List<ReportContent.Column> columns, String[] titles, int[] longest,
                                   double[] widths, List<String[]> firstBlock, PageSetup page) {
        double total = 0;
        int headerLines = 1;
        for (int c = 0; c < widths.length; c++) {
            boolean text = columns.get(c).type() == ReportContent.ColumnType.TEXT;
            // A long title may wrap over two lines rather than widen a column of short values.
            double wanted = Math.max(longest[c] + 2, Math.min(titles[c].length() + 2, 20));
            widths[c] = TextFit.clamp(wanted, MIN_WIDTH, text ? TEXT_MAX_WIDTH : OTHER_MAX_WIDTH);
            sheet.width(c, widths[c]);
            total += widths[c];
            headerLines = Math.max(headerLines, TextFit.lines(titles[c], widths[c]));
        }
        if (headerLines > 1) {
            sheet.rowHeight(0, TextFit.height(headerLines));
        }
        for (int i = 0; i < firstBlock.size(); i++) {
            String[] texts = firstBlock.get(i);
            if (texts == null) {
                continue;
            }
            int lines = 1;
            for (int c = 0; c < texts.length; c++) {
                if (texts[c] != null && TextFit.wraps(texts[c], widths[c])) {
                    lines = Math.max(lines, TextFit.lines(texts[c], widths[c]));
                    sheet.style(i + 1, c).wrapText(true).verticalAlignment("top").set();
                }
            }
            if (lines > 1) {
                sheet.rowHeight(i + 1, TextFit.height(lines));
            }
        }
        firstBlock.clear();
        page.apply(sheet, total, true);
    }

    /**
     * Number formats go on a block of rows at once, just before it is flushed: one style lookup per
     * column and block instead of one per cell, which is most of the cost of a large sheet.
     */
    private static void formatBlock(Worksheet sheet, String[] formats, int firstRow, int lastRow) {
        if (lastRow < firstRow) {
            return;
        }
        for (int c = 0; c < formats.length; c++) {
            if (formats[c] != null) {
                sheet.range(firstRow, c, lastRow, c).style().format(formats[c]).set();
            }
        }
    }

    private static String numberFormat(ReportContent.Column column, ExportLabels labels) {
        return switch (column.type()) {
            case INTEGER -> "#,##0";
            case DECIMAL -> "#,##0.00";
            case CURRENCY -> "#,##0.00 \"" + (column.currency() != null ? column.currency() : "") + "\"";
            case PERCENT -> "0.0%";
            case DATE -> labels.get("format.date");
            case DATETIME -> labels.get("format.datetime");
            case TEXT, BOOLEAN -> null;
        };
    }

    static final double QUESTION_WIDTH = 35;
    static final double ANSWER_WIDTH = 60;

    /** Question and answer side by side, both wrapped, each row as tall as the longer of the two. */
    private void writeFields(Worksheet sheet, ExportDocument doc, ReportContent.Section section, ExportLabels labels,
                             PageSetup page) {
        sheet.value(0, 0, labels.get("fields.question"));
        sheet.value(0, 1, labels.get("fields.answer"));
        header(sheet, 2);
        sheet.width(0, QUESTION_WIDTH);
        sheet.width(1, ANSWER_WIDTH);
        int row = 1;
        for (ReportContent.Field field : section.fields()) {
            String question = doc.text(field.question());
            String answer = field.answer();
            sheet.value(row, 0, question);
            sheet.value(row, 1, answer);
            int lines = Math.max(TextFit.lines(question, QUESTION_WIDTH), TextFit.lines(answer, ANSWER_WIDTH));
            if (lines > 1) {
                sheet.rowHeight(row, TextFit.height(lines));
            }
            row++;
        }
        if (row > 1) {
            sheet.range(1, 0, row - 1, 1).style().wrapText(true).verticalAlignment("top").set();
            sheet.range(1, 0, row - 1, 0).style().bold().set();
        }
        page.apply(sheet, QUESTION_WIDTH + ANSWER_WIDTH, true);
    }

    private void writeAnnexIndex(Worksheet sheet, ExportDocument doc, ExportLabels labels, PageSetup page) throws IOException {
        String[] headers = {"annex.id", "annex.title", "annex.file_name", "annex.content_type", "annex.size_bytes"};
        double[] max = {16, 40, 36, 30, 14};
        int[] longest = new int[headers.length];
        for (int c = 0; c < headers.length; c++) {
            String title = labels.get(headers[c]);
            sheet.value(0, c, title);
            longest[c] = Math.min(title.length(), 16);
        }
        header(sheet, headers.length);
        List<ReportContent.Annex> annexes = doc.content().annexes();
        for (ReportContent.Annex annex : annexes) {
            String[] texts = {annex.annexId(), doc.text(annex.title()), annex.fileName(), annex.contentType(),
                    String.format(Locale.ROOT, "%,d", annex.sizeBytes())};
            for (int c = 0; c < texts.length; c++) {
                longest[c] = Math.max(longest[c], texts[c] == null ? 0 : texts[c].length());
            }
        }
        double[] widths = new double[headers.length];
        double total = 0;
        int headerLines = 1;
        for (int c = 0; c < headers.length; c++) {
            widths[c] = TextFit.clamp(longest[c] + 2, 10, max[c]);
            sheet.width(c, widths[c]);
            total += widths[c];
            headerLines = Math.max(headerLines, TextFit.lines(labels.get(headers[c]), widths[c]));
        }
        if (headerLines > 1) {
            sheet.rowHeight(0, TextFit.height(headerLines));
        }
        int row = 1;
        for (ReportContent.Annex annex : annexes) {
            sheet.value(row, 0, annex.annexId());
            sheet.value(row, 1, doc.text(annex.title()));
            sheet.value(row, 2, annex.fileName());
            sheet.value(row, 3, annex.contentType());
            sheet.value(row, 4, annex.sizeBytes());
            sheet.style(row, 4).format("#,##0").set();
            int lines = Math.max(TextFit.lines(annex.annexId(), widths[0]), Math.max(TextFit.lines(doc.text(annex.title()), widths[1]),
                    Math.max(TextFit.lines(annex.fileName(), widths[2]), TextFit.lines(annex.contentType(), widths[3]))));
            if (lines > 1) {
                sheet.rowHeight(row, TextFit.height(lines));
            }
            row++;
        }
        if (row > 1) {
            sheet.range(1, 0, row - 1, 3).style().wrapText(true).verticalAlignment("top").set();
            sheet.range(1, 4, row - 1, 4).style().verticalAlignment("top").set();
        }
        sheet.setAutoFilter(0, 0, Math.max(0, row - 1), headers.length - 1);
        page.apply(sheet, total, true);
        sheet.finish();
    }

    private static void header(Worksheet sheet, int columns) {
        if (columns == 0) {
            return;
        }
        sheet.range(0, 0, 0, columns - 1).style().bold().fillColor(HEADER_FILL).wrapText(true).verticalAlignment("top").set();
        sheet.freezePane(0, 1);
    }

    private static void writeCell(Worksheet sheet, int row, int col, ReportContent.Column column, Object value,
                                  ExportLabels labels, String part) {
        if (value == null) {
            return;
        }
        try {
            switch (column.type()) {
                // Inline: a shared-strings table would keep every distinct text of the report in memory.
                // Text is always a string cell, never a formula, whatever it starts with.
                case TEXT -> sheet.inlineString(row, col, value.toString());
                case INTEGER -> sheet.value(row, col, number(value).longValue());
                case DECIMAL, CURRENCY, PERCENT -> sheet.value(row, col, number(value));
                case DATE -> sheet.value(row, col, LocalDate.parse(value.toString()));
                case DATETIME -> sheet.value(row, col, instant(value.toString()).atZone(ZoneOffset.UTC));
                case BOOLEAN -> sheet.value(row, col, labels.yesNo(bool(value))); // two distinct texts: shared
            }
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new ExportException("Part '" + part + "', row " + row + ", column '" + column.key()
                    + "': value '" + value + "' is not a valid " + column.type().wireName() + ".");
        }
    }

    private static Number number(Object value) {
        if (value instanceof Number n) {
            return n;
        }
        throw new IllegalArgumentException("not a number");
    }

    private static boolean bool(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException("not a boolean");
    }

    private static Instant instant(String value) {
        return OffsetDateTime.parse(value).toInstant();
    }

    /**
     * Print setup shared by every sheet of one export: paper by locale, header (title left,
     * organisation right) and footer (sheet name left, "page x of y" right) in the export's language.
     */
    record PageSetup(PaperSize paper, String title, String organisation, String pageOfPages) {

        static PageSetup of(ExportDocument doc, ExportLabels labels, String title) {
            // Letter where it is the norm (the US, Canada), A4 elsewhere (nb-NO, nn-NO, en-GB, ...).
            PaperSize paper = Set.of("US", "CA").contains(doc.locale().getCountry()) ? PaperSize.LETTER_PAPER : PaperSize.A4_PAPER;
            return new PageSetup(paper, literal(title), literal(doc.orgId()), labels.get("print.page_of_pages"));
        }

        /** In header/footer text {@code &} starts a code (&P page, &N pages): a literal one is doubled. */
        static String literal(String text) {
            return text == null ? "" : text.replace("&", "&&");
        }

        void apply(Worksheet sheet, double totalWidth, boolean repeatHeaderRow) {
            sheet.paperSize(paper);
            sheet.pageOrientation(totalWidth > PORTRAIT_MAX_WIDTH ? "landscape" : "portrait");
            // All columns on one page width, as many pages down as the rows need.
            sheet.fitToWidth((short) 1);
            sheet.fitToHeight((short) 0);
            if (repeatHeaderRow) {
                sheet.repeatRows(0);
            }
            sheet.header(title, Position.LEFT, "Calibri", 9);
            sheet.header(organisation, Position.RIGHT, "Calibri", 9);
            sheet.footer("&A", Position.LEFT, "Calibri", 9);
            sheet.footer(pageOfPages, Position.RIGHT, "Calibri", 9);
        }
    }

    /** Excel's rules for sheet names, and names unique ignoring case. */
    static final class SheetNames {
        static final int MAX_LENGTH = 31;
        private final Set<String> used = new HashSet<>();

        SheetNames() {
            // Excel reserves "History" (its change-tracking sheet) and refuses it in any case.
            used.add("history");
        }

        String unique(String wanted) {
            String base = valid(wanted);
            String name = base;
            for (int n = 2; !used.add(name.toLowerCase(Locale.ROOT)); n++) {
                String suffix = " (" + n + ")";
                name = truncate(base, MAX_LENGTH - suffix.length()) + suffix;
            }
            return name;
        }

        /** No []:*?/\ or control characters, no ' at either end, 1 to 31 characters. */
        static String valid(String wanted) {
            StringBuilder name = new StringBuilder(wanted == null ? "" : wanted.strip());
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if ("[]:*?/\\".indexOf(c) >= 0 || Character.isISOControl(c)) {
                    name.setCharAt(i, '_');
                }
            }
            String base = trim(name.toString(), true);
            // Cutting may leave a ' at the end again; a trailing space is allowed and kept.
            base = trim(truncate(base, MAX_LENGTH), false);
            return base.isEmpty() ? "Sheet" : base;
        }

        private static String trim(String name, boolean whitespace) {
            int start = 0;
            int end = name.length();
            while (start < end && (name.charAt(start) == '\'' || whitespace && Character.isWhitespace(name.charAt(start)))) {
                start++;
            }
            while (end > start && (name.charAt(end - 1) == '\'' || whitespace && Character.isWhitespace(name.charAt(end - 1)))) {
                end--;
            }
            return name.substring(start, end);
        }

        /** Cut to at most {@code max} chars, never between the two halves of a surrogate pair. */
        private static String truncate(String name, int max) {
            if (name.length() <= max) {
                return name;
            }
            int end = Character.isHighSurrogate(name.charAt(max - 1)) ? max - 1 : max;
            return name.substring(0, end);
        }
    }
}
