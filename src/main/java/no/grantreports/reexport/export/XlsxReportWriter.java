package no.grantreports.reexport.export;

import no.grantreports.reexport.report.ReportContent;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a report as an .xlsx workbook with fastexcel, streaming: rows are flushed to the output
 * as they are written, so memory does not grow with the report. Plain Java, no framework.
 */
public class XlsxReportWriter implements ReportWriter {

    static final String APPLICATION = "Report re-export service";
    private static final int FLUSH_EVERY_ROWS = 1_000;
    private static final String HEADER_FILL = "DDEBF7";
    private static final String INVALID_SHEET_CHARS = "[\\[\\]:*?/\\\\]";

    @Override
    public void write(ExportDocument doc, RowSource rows, OutputStream out) throws IOException {
        ExportLabels labels = ExportLabels.forLocale(doc.locale());
        Workbook workbook = new Workbook(out, APPLICATION, "1.0");
        workbook.properties().setTitle(doc.text(doc.title())).setSubject(doc.reportId()).setCompany(doc.orgId());
        SheetNames names = new SheetNames();
        writeCover(workbook.newWorksheet(names.unique(labels.get("sheet.cover"))), doc, labels);
        for (ReportContent.Section section : doc.content().sections()) {
            Worksheet sheet = workbook.newWorksheet(names.unique(doc.text(section.title())));
            if (section.kind() == ReportContent.SectionKind.FIELDS) {
                writeFields(sheet, doc, section, labels);
            } else {
                writeTable(sheet, doc, section.key(), section.columns(), rows, labels);
            }
            sheet.finish();
        }
        if (doc.includeAnnexes() && !doc.content().annexes().isEmpty()) {
            writeAnnexIndex(workbook.newWorksheet(names.unique(labels.get("sheet.annexes"))), doc, labels);
            for (ReportContent.Annex annex : doc.tabularAnnexes()) {
                Worksheet sheet = workbook.newWorksheet(names.unique(doc.text(annex.title())));
                writeTable(sheet, doc, ReportContent.annexPart(annex.annexId()), annex.columns(), rows, labels);
                sheet.finish();
            }
        }
        workbook.finish();
    }

    private void writeCover(Worksheet sheet, ExportDocument doc, ExportLabels labels) throws IOException {
        String dateFormat = labels.get("format.date");
        String dateTimeFormat = labels.get("format.datetime");
        int row = 0;
        row = labelled(sheet, row, labels.get("cover.title"), doc.text(doc.title()));
        row = labelled(sheet, row, labels.get("cover.report_id"), doc.reportId());
        row = labelled(sheet, row, labels.get("cover.organisation"), doc.orgId());
        row = labelled(sheet, row, labels.get("cover.report_type"), doc.reportType());
        sheet.value(row, 0, labels.get("cover.period"));
        sheet.value(row, 1, doc.periodFrom());
        sheet.style(row, 1).format(dateFormat).set();
        sheet.value(row, 2, doc.periodTo());
        sheet.style(row, 2).format(dateFormat).set();
        row++;
        sheet.value(row, 0, labels.get("cover.submitted_at"));
        sheet.value(row, 1, doc.submittedAt().atZone(ZoneOffset.UTC));
        sheet.style(row, 1).format(dateTimeFormat).set();
        row++;
        row = labelled(sheet, row, labels.get("cover.submitted_by"), doc.submittedBy());
        sheet.value(row, 0, labels.get("cover.report_version"));
        sheet.value(row++, 1, doc.reportVersion());
        row = labelled(sheet, row, labels.get("cover.format"), doc.format());
        row = labelled(sheet, row, labels.get("cover.include_annexes"), labels.yesNo(doc.includeAnnexes()));
        row = labelled(sheet, row, labels.get("cover.locale"), doc.locale().toLanguageTag());
        sheet.value(row, 0, labels.get("cover.generated_at"));
        sheet.value(row, 1, doc.generatedAt().atZone(ZoneOffset.UTC));
        sheet.style(row, 1).format(dateTimeFormat).set();
        sheet.range(0, 0, row, 0).style().bold().set();
        sheet.width(0, 24);
        sheet.width(1, 60);
        sheet.width(2, 14);
        sheet.finish();
    }

    private static int labelled(Worksheet sheet, int row, String label, String value) {
        sheet.value(row, 0, label);
        sheet.value(row, 1, value);
        return row + 1;
    }

    private void writeTable(Worksheet sheet, ExportDocument doc, String part, List<ReportContent.Column> columns,
                            RowSource rows, ExportLabels labels) throws IOException {
        String[] formats = new String[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            ReportContent.Column column = columns.get(c);
            String title = column.title() != null ? doc.text(column.title()) : column.key();
            sheet.value(0, c, title);
            sheet.width(c, widthFor(column, title));
            formats[c] = numberFormat(column, labels);
        }
        header(sheet, columns.size());
        int[] row = {1};
        int[] blockStart = {1};
        rows.forEach(part, cells -> {
            int r = row[0]++;
            for (int c = 0; c < columns.size(); c++) {
                Object value = c < cells.size() ? cells.get(c) : null;
                writeCell(sheet, r, c, columns.get(c), value, labels, part);
            }
            if (row[0] - blockStart[0] == FLUSH_EVERY_ROWS) {
                formatBlock(sheet, formats, blockStart[0], r);
                blockStart[0] = row[0];
                sheet.flush();
            }
        });
        formatBlock(sheet, formats, blockStart[0], row[0] - 1);
        if (!columns.isEmpty()) {
            sheet.setAutoFilter(0, 0, Math.max(0, row[0] - 1), columns.size() - 1);
        }
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

    private void writeFields(Worksheet sheet, ExportDocument doc, ReportContent.Section section, ExportLabels labels) {
        sheet.value(0, 0, labels.get("fields.question"));
        sheet.value(0, 1, labels.get("fields.answer"));
        header(sheet, 2);
        sheet.width(0, 50);
        sheet.width(1, 90);
        int row = 1;
        for (ReportContent.Field field : section.fields()) {
            sheet.value(row, 0, doc.text(field.question()));
            sheet.value(row, 1, field.answer());
            row++;
        }
        if (row > 1) {
            sheet.range(1, 0, row - 1, 1).style().wrapText(true).verticalAlignment("top").set();
        }
    }

    private void writeAnnexIndex(Worksheet sheet, ExportDocument doc, ExportLabels labels) throws IOException {
        String[] headers = {"annex.id", "annex.title", "annex.file_name", "annex.content_type", "annex.size_bytes"};
        for (int c = 0; c < headers.length; c++) {
            sheet.value(0, c, labels.get(headers[c]));
        }
        header(sheet, headers.length);
        int row = 1;
        for (ReportContent.Annex annex : doc.content().annexes()) {
            sheet.value(row, 0, annex.annexId());
            sheet.value(row, 1, doc.text(annex.title()));
            sheet.value(row, 2, annex.fileName());
            sheet.value(row, 3, annex.contentType());
            sheet.value(row, 4, annex.sizeBytes());
            sheet.style(row, 4).format("#,##0").set();
            row++;
        }
        sheet.width(0, 12);
        sheet.width(1, 40);
        sheet.width(2, 36);
        sheet.width(3, 30);
        sheet.width(4, 14);
        sheet.finish();
    }

    private static void header(Worksheet sheet, int columns) {
        if (columns == 0) {
            return;
        }
        sheet.range(0, 0, 0, columns - 1).style().bold().fillColor(HEADER_FILL).set();
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

    private static double widthFor(ReportContent.Column column, String titleText) {
        int title = titleText.length();
        int content = switch (column.type()) {
            case TEXT -> 30;
            case DATE -> 12;
            case DATETIME -> 18;
            case BOOLEAN -> 8;
            case PERCENT -> 9;
            default -> 16;
        };
        return Math.min(60, Math.max(title + 2, content));
    }

    /** Excel sheet names: at most 31 characters, none of []:*?/\, unique ignoring case. */
    static final class SheetNames {
        private final Set<String> used = new HashSet<>();

        String unique(String wanted) {
            String base = wanted.replaceAll(INVALID_SHEET_CHARS, "_").strip();
            if (base.isEmpty()) {
                base = "Sheet";
            }
            base = base.length() > 31 ? base.substring(0, 31) : base;
            String name = base;
            for (int n = 2; !used.add(name.toLowerCase()); n++) {
                String suffix = " (" + n + ")";
                name = (base.length() + suffix.length() > 31 ? base.substring(0, 31 - suffix.length()) : base) + suffix;
            }
            return name;
        }
    }
}
