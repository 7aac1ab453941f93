package no.grantreports.reexport.report;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/**
 * The body of a submitted report: its sections (tables or question/answer fields) and annexes.
 * Stored as JSON in {@code report_snapshot.content}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ReportContent(List<Section> sections, List<Annex> annexes) {

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
            return valueOf(value.toUpperCase());
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
            return valueOf(value.toUpperCase());
        }
    }

    /** A table section has columns and rows; a fields section has question/answer pairs. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Section(String key, String title, SectionKind kind, List<Column> columns,
                          List<List<Object>> rows, List<Field> fields) {
        public Section {
            columns = columns == null ? List.of() : List.copyOf(columns);
            rows = rows == null ? List.of() : rows;
            fields = fields == null ? List.of() : List.copyOf(fields);
        }

        public static Section table(String key, String title, List<Column> columns, List<List<Object>> rows) {
            return new Section(key, title, SectionKind.TABLE, columns, rows, null);
        }

        public static Section fields(String key, String title, List<Field> fields) {
            return new Section(key, title, SectionKind.FIELDS, null, null, fields);
        }
    }

    /** {@code currency} is set for currency columns (ISO 4217, e.g. NOK). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Column(String key, String title, ColumnType type, String currency) {
        public static Column of(String key, String title, ColumnType type) {
            return new Column(key, title, type, null);
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Field(String question, String answer) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Annex(String annexId, String title, String fileName, String contentType, long sizeBytes) {
    }
}
