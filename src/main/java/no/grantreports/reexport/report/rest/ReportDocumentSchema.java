package no.grantreports.reexport.report.rest;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.DiscriminatorMapping;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * The request schema of {@code PUT /api/v1/reports/{report_id}} (docs/report-model.md), for the OpenAPI
 * document only: the body is streamed and checked by {@code ReportDocumentReader}, never bound to these
 * types, so nothing instantiates them (no reflection registration needed). Required fields, limits,
 * enums and {@code additionalProperties: false} are what the reader enforces. {@code LocalizedTextRequest}
 * (a title: a string or a locale map, left untyped so that generated clients pass it through as it is),
 * {@code ReportRows}, {@code ReportRow} and {@code ReportCell} are in META-INF/openapi.yaml: these
 * annotations cannot express an array of arrays or an untyped value.
 */
public final class ReportDocumentSchema {

    /** Keys (report_type, section and column keys, annex ids): ReportDocumentReader.KEY. */
    static final String KEY = "^[A-Za-z0-9_-]{1,64}$";
    /** Ids (report_id, org_id): ReportDocumentReader.ID and the path check of report_id. */
    static final String ID = "^[A-Za-z0-9_.:@-]{1,64}$";
    static final String TEXT = "LocalizedTextRequest";
    static final String ROWS = "ReportRows";

    /** The example of docs/report-model.md (ApiDescriptionTest checks they are the same and that it fits the schema). */
    static final String EXAMPLE = """
            {
              "report_id": "rpt_01HX9K2M3N4P5Q6R7S8T9U0V",
              "org_id": "org_bufdir_oslo_42",
              "report_type": "grant_final_report",
              "title": {"nb-NO": "Sluttrapport 2025", "en-GB": "Final report 2025"},
              "period": {"from": "2025-01-01", "to": "2025-12-31"},
              "submitted_at": "2026-02-14T10:32:00Z",
              "submitted_by": "user_09AXKL2",
              "original_export_params": {"format": "xlsx", "include_annexes": true, "locale": "nb-NO"},
              "sections": [
                {"key": "budget", "title": {"nb-NO": "Budsjett", "en-GB": "Budget"}, "kind": "table",
                 "columns": [{"key": "post", "title": "Post", "type": "text"},
                             {"key": "amount", "title": "Beløp", "type": "currency", "currency": "NOK"}],
                 "rows": [["Husleie", 96000.00], ["Reiser", 29410.50]]},
                {"key": "narrative", "title": "Måloppnåelse", "kind": "fields",
                 "fields": [{"question": "Ble målene nådd?", "answer": "Ja, delvis."}]}
              ],
              "annexes": [
                {"annex_id": "anx_01", "title": "Revisorbekreftelse", "file_name": "revisor.pdf",
                 "content_type": "application/pdf", "size_bytes": 184320},
                {"annex_id": "anx_02", "title": "Deltakere", "file_name": "deltakere.xlsx",
                 "content_type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "size_bytes": 40960,
                 "content": {"columns": [{"key": "group", "title": "Gruppe", "type": "text"}], "rows": [["6–9 år"]]}}
              ]
            }
            """;

    private ReportDocumentSchema() {
    }

    @Schema(name = "ReportDocument", additionalProperties = Schema.False.class,
            description = "A report document (docs/report-model.md). Put a section's key and columns before its rows: "
                    + "rows are then streamed into the database, not buffered.",
            requiredProperties = {"org_id", "report_type", "title", "period", "submitted_at", "submitted_by"})
    public record ReportDocument(
            @Schema(description = "If given, must equal the report_id of the path", pattern = ID, maxLength = 64) String report_id,
            @Schema(pattern = ID, maxLength = 64) String org_id,
            @Schema(pattern = KEY, maxLength = 64) String report_type,
            @Schema(ref = TEXT) Object title,
            ReportPeriod period,
            @Schema(type = SchemaType.STRING, format = "date-time", maxLength = 35,
                    description = "ISO-8601 with offset") String submitted_at,
            @Schema(minLength = 1, maxLength = 128) String submitted_by,
            OriginalExportParamsRequest original_export_params,
            @Schema(maxItems = 500, description = "Absent: no sections") List<ReportSectionDocument> sections,
            @Schema(description = "Absent: no annexes") List<AnnexDocument> annexes) {
    }

    /** Extra members are ignored by the server (it reads from and to only), so no additionalProperties: false. */
    @Schema(name = "ReportPeriod", requiredProperties = {"from", "to"}, description = "from must not be after to")
    public record ReportPeriod(@Schema(type = SchemaType.STRING, format = "date") String from,
                               @Schema(type = SchemaType.STRING, format = "date") String to) {
    }

    @Schema(name = "OriginalExportParamsRequest", additionalProperties = Schema.False.class,
            description = "The parameters the report was first exported with; any may be null (unknown)")
    public record OriginalExportParamsRequest(@Schema(nullable = true) String format,
                                              @Schema(nullable = true) Boolean include_annexes,
                                              @Schema(nullable = true) String locale) {
    }

    @Schema(name = "ReportSectionDocument", description = "A table (columns and rows) or a list of question/answer fields",
            oneOf = {TableSectionDocument.class, FieldsSectionDocument.class}, discriminatorProperty = "kind",
            discriminatorMapping = {@DiscriminatorMapping(value = "table", schema = TableSectionDocument.class),
                    @DiscriminatorMapping(value = "fields", schema = FieldsSectionDocument.class)})
    public interface ReportSectionDocument {
    }

    @Schema(name = "TableSectionDocument", additionalProperties = Schema.False.class,
            requiredProperties = {"key", "title", "kind", "columns"})
    public record TableSectionDocument(
            @Schema(pattern = KEY, maxLength = 64, description = "Unique among the report's sections") String key,
            @Schema(ref = TEXT) Object title,
            @Schema(enumeration = "table") String kind,
            @Schema(minItems = 1, maxItems = 500) List<ColumnDocument> columns,
            @Schema(ref = ROWS) Object rows) implements ReportSectionDocument {
    }

    @Schema(name = "FieldsSectionDocument", additionalProperties = Schema.False.class,
            requiredProperties = {"key", "title", "kind", "fields"})
    public record FieldsSectionDocument(
            @Schema(pattern = KEY, maxLength = 64, description = "Unique among the report's sections") String key,
            @Schema(ref = TEXT) Object title,
            @Schema(enumeration = "fields") String kind,
            List<FieldDocument> fields) implements ReportSectionDocument {
    }

    @Schema(name = "ColumnDocument", additionalProperties = Schema.False.class, requiredProperties = {"key", "type"})
    public record ColumnDocument(
            @Schema(pattern = KEY, maxLength = 64, description = "Unique among the columns of its table") String key,
            @Schema(ref = TEXT) Object title,
            @Schema(enumeration = {"text", "integer", "decimal", "currency", "percent", "date", "datetime", "boolean"},
                    description = "What every cell of the column must be; percent is a fraction (0.25 is 25 %)") String type,
            @Schema(nullable = true, pattern = "^[A-Z]{3}$", maxLength = 3, description = "ISO 4217 code, for currency columns")
            String currency) {
    }

    @Schema(name = "FieldDocument", additionalProperties = Schema.False.class, requiredProperties = {"question"})
    public record FieldDocument(@Schema(ref = TEXT) Object question,
                                @Schema(nullable = true, maxLength = 32_767) String answer) {
    }

    @Schema(name = "AnnexDocument", additionalProperties = Schema.False.class,
            requiredProperties = {"annex_id", "title", "file_name"})
    public record AnnexDocument(
            @Schema(pattern = KEY, maxLength = 64, description = "Unique among the report's annexes") String annex_id,
            @Schema(ref = TEXT) Object title,
            @Schema(minLength = 1, maxLength = 255) String file_name,
            @Schema(minLength = 1, maxLength = 255) String content_type,
            @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "0") Long size_bytes,
            AnnexContentDocument content) {
    }

    @Schema(name = "AnnexContentDocument", additionalProperties = Schema.False.class, requiredProperties = {"columns"},
            description = "Tabular content of the annex")
    public record AnnexContentDocument(@Schema(minItems = 1, maxItems = 500) List<ColumnDocument> columns,
                                       @Schema(ref = ROWS) Object rows) {
    }
}
