package no.grantreports.reexport.report;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The structure of a submitted report: its sections (tables or question/answer fields) and
 * annexes. Stored as JSON in {@code report_snapshot.content}; table rows are not in here but in
 * {@code report_row}, so they can be streamed.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ReportContent(List<Section> sections, List<Annex> annexes) {

    /** The row-table part name of a tabular annex. */
    public static String annexPart(String annexId) {
        return "annex:" + annexId;
    }

    public ReportContent {
        sections = sections == null ? List.of() : List.copyOf(sections);
        annexes = annexes == null ? List.of() : List.copyOf(annexes);
    }

    public enum SectionKind {
        TABLE, FIELDS;

        @JsonValue
        public String wireName() {
            return name().toLowerCase();
        }

        @JsonCreator
        public static SectionKind fromWire(String value) {
            return Arrays.stream(values()).filter(k -> k.wireName().equals(value)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("kind must be one of: table, fields"));
        }
    }

    public enum ColumnType {
        TEXT, INTEGER, DECIMAL, CURRENCY, PERCENT, DATE, DATETIME, BOOLEAN;

        @JsonValue
        public String wireName() {
            return name().toLowerCase();
        }

        @JsonCreator
        public static ColumnType fromWire(String value) {
            return Arrays.stream(values()).filter(t -> t.wireName().equals(value)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("type must be one of: " + allowedValues()));
        }

        public static String allowedValues() {
            return Arrays.stream(values()).map(ColumnType::wireName).collect(Collectors.joining(", "));
        }
    }

    /** A table section has columns (its rows are stored apart); a fields section has question/answer pairs. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(requiredProperties = {"key", "title", "kind", "columns", "fields", "row_count"})
    public record Section(String key, LocalizedText title, SectionKind kind, List<Column> columns, List<Field> fields,
                          long rowCount) {
        public Section {
            columns = columns == null ? List.of() : List.copyOf(columns);
            fields = fields == null ? List.of() : List.copyOf(fields);
        }

        public static Section table(String key, String title, List<Column> columns, long rowCount) {
            return new Section(key, LocalizedText.of(title), SectionKind.TABLE, columns, null, rowCount);
        }

        public static Section fields(String key, String title, List<Field> fields) {
            return new Section(key, LocalizedText.of(title), SectionKind.FIELDS, null, fields, 0);
        }
    }

    /** {@code currency} is set for currency columns (ISO 4217, e.g. NOK). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(requiredProperties = {"key", "title", "type", "currency"})
    public record Column(String key, LocalizedText title, ColumnType type,
                         @Schema(nullable = true, description = "ISO 4217 code for currency columns, else null") String currency) {
        public static Column of(String key, String title, ColumnType type) {
            return new Column(key, LocalizedText.of(title), type, null);
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(requiredProperties = {"question", "answer"})
    public record Field(LocalizedText question, @Schema(nullable = true) String answer) {
    }

    /** An attachment; with {@code columns} it also has tabular content (rows stored apart). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(requiredProperties = {"annex_id", "title", "file_name", "content_type", "size_bytes", "columns", "row_count"})
    public record Annex(String annexId, LocalizedText title, String fileName, String contentType, long sizeBytes,
                        List<Column> columns, long rowCount) {
        public Annex {
            columns = columns == null ? List.of() : List.copyOf(columns);
        }

        public boolean tabular() {
            return !columns.isEmpty();
        }
    }
}
