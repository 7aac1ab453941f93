package no.grantreports.reexport.export;

import no.grantreports.reexport.report.ReportContent;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A .zip of CSV files: {@code report.csv} (cover and question/answer sections), one CSV per table
 * section and, with annexes, per tabular annex. RFC 4180 quoting and CRLF, UTF-8 with a BOM (so
 * Excel reads the encoding), {@code ;} and decimal comma for Norwegian, {@code ,} and decimal point
 * for English; ISO dates, {@code true}/{@code false}. Rows are streamed. Plain Java.
 */
public class CsvZipReportWriter implements ReportWriter {

    private static final char BOM = '\uFEFF';

    @Override
    public void write(ExportDocument doc, RowSource rows, OutputStream out) throws IOException {
        ExportLabels labels = ExportLabels.forLocale(doc.locale());
        boolean norwegian = List.of("nb", "nn", "no").contains(doc.locale().getLanguage());
        Csv csv = new Csv(norwegian ? ';' : ',', norwegian ? ',' : '.');
        Set<String> names = new HashSet<>();
        ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        Writer writer = new BufferedWriter(new OutputStreamWriter(zip, StandardCharsets.UTF_8), 64 * 1024);

        entry(zip, writer, unique(names, "report"));
        csv.row(writer, labels.get("csv.section"), labels.get("csv.label"), labels.get("csv.value"));
        String cover = labels.get("sheet.cover");
        csv.row(writer, cover, labels.get("cover.title"), doc.text(doc.title()));
        csv.row(writer, cover, labels.get("cover.report_id"), doc.reportId());
        csv.row(writer, cover, labels.get("cover.organisation"), doc.orgId());
        csv.row(writer, cover, labels.get("cover.report_type"), doc.reportType());
        csv.row(writer, cover, labels.get("cover.period"), doc.periodFrom() + "/" + doc.periodTo());
        csv.row(writer, cover, labels.get("cover.submitted_at"), DateTimeFormatter.ISO_INSTANT.format(doc.submittedAt()));
        csv.row(writer, cover, labels.get("cover.submitted_by"), doc.submittedBy());
        csv.row(writer, cover, labels.get("cover.report_version"), Integer.toString(doc.reportVersion()));
        csv.row(writer, cover, labels.get("cover.format"), doc.format());
        csv.row(writer, cover, labels.get("cover.include_annexes"), labels.yesNo(doc.includeAnnexes()));
        csv.row(writer, cover, labels.get("cover.locale"), doc.locale().toLanguageTag());
        csv.row(writer, cover, labels.get("cover.generated_at"), DateTimeFormatter.ISO_INSTANT.format(doc.generatedAt()));
        for (ReportContent.Section section : doc.content().sections()) {
            if (section.kind() == ReportContent.SectionKind.FIELDS) {
                for (ReportContent.Field field : section.fields()) {
                    csv.row(writer, doc.text(section.title()), doc.text(field.question()), field.answer());
                }
            }
        }
        if (doc.includeAnnexes()) {
            String annexes = labels.get("sheet.annexes");
            for (ReportContent.Annex annex : doc.content().annexes()) {
                csv.row(writer, annexes, doc.text(annex.title()), annex.fileName());
            }
        }

        for (ReportContent.Section section : doc.content().sections()) {
            if (section.kind() == ReportContent.SectionKind.TABLE) {
                entry(zip, writer, unique(names, section.key()));
                table(writer, csv, doc, section.key(), section.columns(), rows);
            }
        }
        for (ReportContent.Annex annex : doc.tabularAnnexes()) {
            entry(zip, writer, unique(names, "annex_" + annex.annexId()));
            table(writer, csv, doc, ReportContent.annexPart(annex.annexId()), annex.columns(), rows);
        }
        writer.flush();
        zip.finish();
    }

    private static void table(Writer writer, Csv csv, ExportDocument doc, String part, List<ReportContent.Column> columns,
                              RowSource rows) throws IOException {
        String[] header = columns.stream().map(c -> c.title() != null ? doc.text(c.title()) : c.key()).toArray(String[]::new);
        csv.row(writer, header);
        String[] line = new String[columns.size()];
        // Only numbers this writer formats itself skip the formula check: a negative amount stays a number.
        boolean[] formatted = new boolean[columns.size()];
        for (int c = 0; c < formatted.length; c++) {
            formatted[c] = switch (columns.get(c).type()) {
                case INTEGER, DECIMAL, CURRENCY, PERCENT -> true;
                case TEXT, BOOLEAN, DATE, DATETIME -> false;
            };
        }
        rows.forEach(part, cells -> {
            for (int c = 0; c < line.length; c++) {
                line[c] = csv.value(columns.get(c).type(), c < cells.size() ? cells.get(c) : null);
            }
            csv.row(writer, line, formatted);
        });
    }

    private static void entry(ZipOutputStream zip, Writer writer, String name) throws IOException {
        writer.flush();
        zip.putNextEntry(new ZipEntry(name + ".csv"));
        writer.write(BOM);
    }

    private static String unique(Set<String> names, String base) {
        String name = base;
        for (int n = 2; !names.add(name); n++) {
            name = base + "_" + n;
        }
        return name;
    }

    /** One dialect of CSV: the field delimiter and the decimal separator. */
    record Csv(char delimiter, char decimalSeparator) {

        /** A row of text: every field is checked for formulas. */
        void row(Writer writer, String... fields) throws IOException {
            row(writer, fields, null);
        }

        /**
         * The one place every CSV cell passes. {@code formatted[i]} marks a value this writer formatted
         * itself from a number (a negative number stays a number); all else is text.
         */
        void row(Writer writer, String[] fields, boolean[] formatted) throws IOException {
            for (int i = 0; i < fields.length; i++) {
                if (i > 0) {
                    writer.write(delimiter);
                }
                String field = fields[i];
                if (field != null && (formatted == null || !formatted[i]) && CsvInjection.dangerous(field)) {
                    writeQuoted(writer, "'" + field);
                } else {
                    writeField(writer, field);
                }
            }
            writer.write("\r\n");
        }

        String value(ReportContent.ColumnType type, Object value) {
            if (value == null) {
                return null;
            }
            return switch (type) {
                case TEXT -> value.toString();
                case INTEGER -> Long.toString(((Number) value).longValue());
                case CURRENCY -> number(decimal(value).setScale(2, RoundingMode.HALF_UP));
                case DECIMAL, PERCENT -> number(decimal(value).stripTrailingZeros());
                case BOOLEAN, DATE, DATETIME -> value.toString();
            };
        }

        private static BigDecimal decimal(Object value) {
            return value instanceof BigDecimal big ? big : new BigDecimal(value.toString());
        }

        private String number(BigDecimal value) {
            String plain = value.toPlainString();
            return decimalSeparator == '.' ? plain : plain.replace('.', decimalSeparator);
        }

        private void writeField(Writer writer, String field) throws IOException {
            if (field == null) {
                return;
            }
            boolean quote = field.indexOf(delimiter) >= 0 || field.indexOf('"') >= 0 || field.indexOf('\n') >= 0
                    || field.indexOf('\r') >= 0;
            if (!quote) {
                writer.write(field);
                return;
            }
            writeQuoted(writer, field);
        }

        private static void writeQuoted(Writer writer, String field) throws IOException {
            writer.write('"');
            writer.write(field.replace("\"", "\"\""));
            writer.write('"');
        }
    }
}
