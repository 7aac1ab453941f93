package no.grantreports.reexport.export;

import no.grantreports.reexport.report.RowSource;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import no.grantreports.reexport.report.ReportContent;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The snapshot as JSON with the export applied: titles resolved for the locale, the export
 * parameters stated, annexes only when asked for. Written with Jackson's streaming generator, rows
 * as they come. Plain Java.
 */
public class JsonReportWriter implements ReportWriter {

    private static final JsonFactory FACTORY = new JsonFactory();

    @Override
    public void write(ExportDocument doc, RowSource rows, OutputStream out) throws IOException {
        ExportLabels labels = ExportLabels.forLocale(doc.locale());
        try (JsonGenerator json = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            json.writeStartObject();
            json.writeStringField("report_id", doc.reportId());
            json.writeStringField("org_id", doc.orgId());
            json.writeStringField("report_type", doc.reportType());
            json.writeStringField("title", doc.text(doc.title()));
            json.writeObjectFieldStart("period");
            json.writeStringField("from", doc.periodFrom().toString());
            json.writeStringField("to", doc.periodTo().toString());
            json.writeEndObject();
            json.writeStringField("submitted_at", DateTimeFormatter.ISO_INSTANT.format(doc.submittedAt()));
            json.writeStringField("submitted_by", doc.submittedBy());
            json.writeNumberField("report_version", doc.reportVersion());
            json.writeObjectFieldStart("export_params");
            json.writeStringField("format", doc.format());
            json.writeBooleanField("include_annexes", doc.includeAnnexes());
            json.writeStringField("locale", doc.locale().toLanguageTag());
            json.writeEndObject();
            json.writeStringField("generated_at", DateTimeFormatter.ISO_INSTANT.format(doc.generatedAt()));
            json.writeObjectFieldStart("labels");
            for (String key : List.of("cover.title", "cover.period", "cover.submitted_at", "cover.submitted_by",
                    "fields.question", "fields.answer", "value.yes", "value.no")) {
                json.writeStringField(key, labels.get(key));
            }
            json.writeEndObject();

            json.writeArrayFieldStart("sections");
            for (ReportContent.Section section : doc.content().sections()) {
                json.writeStartObject();
                json.writeStringField("key", section.key());
                json.writeStringField("title", doc.text(section.title()));
                json.writeStringField("kind", section.kind().wireName());
                if (section.kind() == ReportContent.SectionKind.TABLE) {
                    table(json, doc, section.key(), section.columns(), rows);
                } else {
                    json.writeArrayFieldStart("fields");
                    for (ReportContent.Field field : section.fields()) {
                        json.writeStartObject();
                        json.writeStringField("question", doc.text(field.question()));
                        json.writeStringField("answer", field.answer());
                        json.writeEndObject();
                    }
                    json.writeEndArray();
                }
                json.writeEndObject();
            }
            json.writeEndArray();

            if (doc.includeAnnexes()) {
                json.writeArrayFieldStart("annexes");
                for (ReportContent.Annex annex : doc.content().annexes()) {
                    json.writeStartObject();
                    json.writeStringField("annex_id", annex.annexId());
                    json.writeStringField("title", doc.text(annex.title()));
                    json.writeStringField("file_name", annex.fileName());
                    json.writeStringField("content_type", annex.contentType());
                    json.writeNumberField("size_bytes", annex.sizeBytes());
                    if (annex.tabular()) {
                        json.writeObjectFieldStart("content");
                        table(json, doc, ReportContent.annexPart(annex.annexId()), annex.columns(), rows);
                        json.writeEndObject();
                    }
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        }
    }

    private static void table(JsonGenerator json, ExportDocument doc, String part, List<ReportContent.Column> columns,
                              RowSource rows) throws IOException {
        json.writeArrayFieldStart("columns");
        for (ReportContent.Column column : columns) {
            json.writeStartObject();
            json.writeStringField("key", column.key());
            json.writeStringField("title", column.title() != null ? doc.text(column.title()) : column.key());
            json.writeStringField("type", column.type().wireName());
            if (column.currency() != null) {
                json.writeStringField("currency", column.currency());
            }
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("rows");
        rows.forEach(part, cells -> {
            json.writeStartArray();
            for (Object cell : cells) {
                writeValue(json, cell);
            }
            json.writeEndArray();
        });
        json.writeEndArray();
    }

    private static void writeValue(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof Boolean b) {
            json.writeBoolean(b);
        } else if (value instanceof BigDecimal d) {
            json.writeNumber(d);
        } else if (value instanceof BigInteger i) {
            json.writeNumber(i);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            json.writeNumber(((Number) value).longValue());
        } else if (value instanceof Number n) {
            json.writeNumber(n.doubleValue());
        } else {
            json.writeString(value.toString());
        }
    }
}
