package no.grantreports.reexport.report;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import no.grantreports.reexport.common.StorableText;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import no.grantreports.reexport.report.ReportContent.Column;
import no.grantreports.reexport.report.ReportContent.ColumnType;
import no.grantreports.reexport.report.ReportContent.Field;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a report document (the JSON model in docs/report-model.md) as a stream: table rows are checked
 * against their columns and handed to a {@link RowSink} in batches as they are read, so a report
 * of any number of rows is read in bounded memory. Rows are streamed when a section's
 * {@code columns} come before its {@code rows}; otherwise that section's rows are buffered.
 * Plain Java and Jackson.
 */
public final class ReportDocumentReader {

    public static final int BATCH_SIZE = 1_000;
    static final int MAX_VIOLATIONS = 50;
    static final int MAX_TEXT = 32_767; // Excel's limit for one cell
    static final int MAX_TITLE = 500;
    /** report_snapshot.submitted_by is varchar(128). */
    static final int MAX_SUBMITTED_BY = 128;
    static final int MAX_SECTIONS = 500;
    static final int MAX_COLUMNS = 500;
    static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:@-]{1,64}");

    @FunctionalInterface
    public interface RowSink {
        /** Rows {@code firstRowNo, firstRowNo + 1, …} of a part (a section key, or {@link ReportContent#annexPart}). */
        void accept(String part, long firstRowNo, List<List<Object>> rows) throws IOException;
    }

    public record Result(ReportHeader header, ReportContent content) {
    }

    private final ObjectMapper mapper;

    public ReportDocumentReader(ObjectMapper mapper) {
        this.mapper = mapper.copy()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // values are read one by one from the middle of the document
                .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * @param reportId the id the document is stored under; a {@code report_id} in the document must match it
     * @throws InvalidReportException when the document breaks the model (nothing should then be kept)
     * @throws IOException when it is not JSON at all
     */
    public Result read(InputStream in, String reportId, RowSink sink) throws IOException {
        Reading reading = new Reading(sink);
        try (JsonParser parser = new StorableTextParser(mapper.createParser(in))) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                reading.violation("", "a report is a JSON object");
                throw new InvalidReportException(reading.violations);
            }
            Map<String, JsonNode> header = new LinkedHashMap<>();
            List<ReportContent.Section> sections = new ArrayList<>();
            List<ReportContent.Annex> annexes = new ArrayList<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                switch (name) {
                    case "sections" -> reading.sections(parser, sections);
                    case "annexes" -> reading.annexes(parser, annexes);
                    case "report_id", "org_id", "report_type", "title", "period", "submitted_at", "submitted_by",
                         "original_export_params" -> header.put(name, parser.readValueAsTree());
                    default -> {
                        reading.violation("/" + name, "unknown field");
                        parser.skipChildren();
                    }
                }
            }
            ReportHeader parsedHeader = reading.header(header, reportId);
            reading.throwIfInvalid();
            return new Result(parsedHeader, new ReportContent(sections, annexes));
        }
    }

    /** The state of one read: violations found so far and the sink, which stops once anything is wrong. */
    private final class Reading {
        private final RowSink sink;
        private final List<InvalidReportException.Violation> violations = new ArrayList<>();

        Reading(RowSink sink) {
            this.sink = sink;
        }

        void violation(String pointer, String message) {
            violations.add(new InvalidReportException.Violation(pointer, message));
            if (violations.size() >= MAX_VIOLATIONS) {
                throw new InvalidReportException(violations);
            }
        }

        void throwIfInvalid() {
            if (!violations.isEmpty()) {
                throw new InvalidReportException(violations);
            }
        }

        void sections(JsonParser parser, List<ReportContent.Section> sections) throws IOException {
            if (parser.currentToken() != JsonToken.START_ARRAY) {
                violation("/sections", "must be an array");
                parser.skipChildren();
                return;
            }
            Set<String> keys = new HashSet<>();
            int index = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                String pointer = "/sections/" + index++;
                if (index > MAX_SECTIONS) {
                    violation("/sections", "at most " + MAX_SECTIONS + " sections");
                    parser.skipChildren();
                    continue;
                }
                ReportContent.Section section = section(parser, pointer);
                if (section != null) {
                    if (!keys.add(section.key())) {
                        violation(pointer + "/key", "duplicate section key '" + section.key() + "'");
                    }
                    sections.add(section);
                }
            }
        }

        private ReportContent.Section section(JsonParser parser, String pointer) throws IOException {
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                violation(pointer, "a section is an object");
                parser.skipChildren();
                return null;
            }
            String key = null;
            LocalizedText title = null;
            ReportContent.SectionKind kind = null;
            List<Column> columns = null;
            List<Field> fields = null;
            DeferredRows rows = new DeferredRows();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                switch (name) {
                    case "key" -> key = key(parser, pointer + "/key");
                    case "title" -> title = title(parser, pointer + "/title");
                    case "kind" -> kind = value(parser, pointer + "/kind", ReportContent.SectionKind.class);
                    case "columns" -> columns = columns(parser, pointer + "/columns");
                    case "fields" -> fields = fields(parser, pointer + "/fields");
                    case "rows" -> rows.arrive(parser, pointer + "/rows", key, columns);
                    default -> {
                        violation(pointer + "/" + name, "unknown field");
                        parser.skipChildren();
                    }
                }
            }
            if (key == null) {
                violation(pointer + "/key", "is required");
            }
            if (title == null) {
                violation(pointer + "/title", "is required");
            }
            if (kind == null) {
                violation(pointer + "/kind", "is required (table or fields)");
                return null;
            }
            if (kind == ReportContent.SectionKind.TABLE) {
                if (columns == null || columns.isEmpty()) {
                    violation(pointer + "/columns", "a table needs at least one column");
                } else {
                    rows.replay(pointer + "/rows", key, columns);
                }
                if (fields != null) {
                    violation(pointer + "/fields", "a table section has rows, not fields");
                }
            } else {
                if (fields == null) {
                    violation(pointer + "/fields", "a fields section needs fields");
                }
                if (columns != null || rows.waiting() || rows.count() > 0) {
                    violation(pointer, "a fields section has no columns or rows");
                }
            }
            return new ReportContent.Section(key, title, kind, columns, fields, rows.count());
        }

        void annexes(JsonParser parser, List<ReportContent.Annex> annexes) throws IOException {
            if (parser.currentToken() != JsonToken.START_ARRAY) {
                violation("/annexes", "must be an array");
                parser.skipChildren();
                return;
            }
            Set<String> ids = new HashSet<>();
            int index = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                String pointer = "/annexes/" + index++;
                ReportContent.Annex annex = annex(parser, pointer);
                if (annex != null) {
                    if (!ids.add(annex.annexId())) {
                        violation(pointer + "/annex_id", "duplicate annex id '" + annex.annexId() + "'");
                    }
                    annexes.add(annex);
                }
            }
        }

        private ReportContent.Annex annex(JsonParser parser, String pointer) throws IOException {
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                violation(pointer, "an annex is an object");
                parser.skipChildren();
                return null;
            }
            String id = null;
            LocalizedText title = null;
            String fileName = null;
            String contentType = null;
            Long size = null;
            List<Column> columns = null;
            long rowCount = 0;
            DeferredRows rows = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                switch (name) {
                    case "annex_id" -> id = key(parser, pointer + "/annex_id");
                    case "title" -> title = title(parser, pointer + "/title");
                    case "file_name" -> fileName = text(parser, pointer + "/file_name", 255);
                    case "content_type" -> contentType = text(parser, pointer + "/content_type", 255);
                    case "size_bytes" -> size = value(parser, pointer + "/size_bytes", Long.class);
                    case "content" -> {
                        // {"columns": [...], "rows": [...]}: tabular content of the annex
                        if (parser.currentToken() != JsonToken.START_OBJECT) {
                            violation(pointer + "/content", "must be an object with columns and rows");
                            parser.skipChildren();
                            continue;
                        }
                        rows = new DeferredRows();
                        while (parser.nextToken() == JsonToken.FIELD_NAME) {
                            String field = parser.currentName();
                            parser.nextToken();
                            if (field.equals("columns")) {
                                columns = columns(parser, pointer + "/content/columns");
                            } else if (field.equals("rows")) {
                                rows.arrive(parser, pointer + "/content/rows", id == null ? null : ReportContent.annexPart(id), columns);
                            } else {
                                violation(pointer + "/content/" + field, "unknown field");
                                parser.skipChildren();
                            }
                        }
                    }
                    default -> {
                        violation(pointer + "/" + name, "unknown field");
                        parser.skipChildren();
                    }
                }
            }
            // After the whole annex: its annex_id may come after its content, and the rows wait for it.
            if (rows != null) {
                if (!rows.replay(pointer + "/content/rows", id == null ? null : ReportContent.annexPart(id), columns)
                        && (columns == null || columns.isEmpty())) {
                    violation(pointer + "/content/columns", "tabular content needs at least one column");
                }
                if (rows.counted()) {
                    rowCount = rows.count();
                }
            }
            if (id == null) {
                violation(pointer + "/annex_id", "is required");
            }
            if (title == null) {
                violation(pointer + "/title", "is required");
            }
            if (fileName == null) {
                violation(pointer + "/file_name", "is required");
            }
            if (size != null && size < 0) {
                violation(pointer + "/size_bytes", "must be zero or more");
            }
            return new ReportContent.Annex(id, title, fileName, contentType, size == null ? 0 : size, columns, rowCount);
        }

        /**
         * The rows of one section or annex. Rows are streamed to the sink as they are read when
         * the columns and the part they belong to are already known (the usual order); rows that
         * come first are kept as a tree and streamed once the object is read.
         */
        private final class DeferredRows {
            private ArrayNode waiting;
            private boolean counted;
            private long count;

            /** At the {@code rows} field: streams them now, or keeps them while {@code part} or {@code columns} is still unknown (null). */
            void arrive(JsonParser parser, String pointer, String part, List<Column> columns) throws IOException {
                if (part != null && columns != null) {
                    count = rows(parser, pointer, part, columns);
                    counted = true;
                } else {
                    waiting = parser.readValueAsTree();
                }
            }

            /** Once the object is read: streams the kept rows if they can be now; true when it did. */
            boolean replay(String pointer, String part, List<Column> columns) throws IOException {
                if (waiting == null || part == null || columns == null) {
                    return false;
                }
                try (JsonParser kept = mapper.treeAsTokens(waiting)) {
                    kept.nextToken();
                    count = rows(kept, pointer, part, columns);
                }
                counted = true;
                return true;
            }

            boolean waiting() {
                return waiting != null;
            }

            /** True once rows were streamed (then {@link #count()} is theirs). */
            boolean counted() {
                return counted;
            }

            long count() {
                return count;
            }
        }

        /** Streams and checks one rows array; returns how many rows it had. */
        private long rows(JsonParser parser, String pointer, String part, List<Column> columns) throws IOException {
            if (parser.currentToken() != JsonToken.START_ARRAY) {
                violation(pointer, "must be an array of rows");
                parser.skipChildren();
                return 0;
            }
            List<List<Object>> batch = new ArrayList<>(BATCH_SIZE);
            long rowNo = 0;
            long batchStart = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                String rowPointer = pointer + "/" + rowNo;
                if (parser.currentToken() != JsonToken.START_ARRAY) {
                    violation(rowPointer, "a row is an array of cells");
                    parser.skipChildren();
                    rowNo++;
                    continue;
                }
                List<Object> cells = new ArrayList<>(columns.size());
                int col = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    Object cell = cell(parser, rowPointer + "/" + col, col < columns.size() ? columns.get(col) : null);
                    cells.add(cell);
                    col++;
                }
                if (col != columns.size()) {
                    violation(rowPointer, "has " + col + " cells; the section has " + columns.size() + " columns");
                }
                batch.add(cells);
                rowNo++;
                if (batch.size() == BATCH_SIZE) {
                    flush(part, batchStart, batch);
                    batchStart = rowNo;
                    batch = new ArrayList<>(BATCH_SIZE);
                }
            }
            flush(part, batchStart, batch);
            return rowNo;
        }

        private void flush(String part, long firstRowNo, List<List<Object>> batch) throws IOException {
            if (!batch.isEmpty() && violations.isEmpty()) {
                sink.accept(part, firstRowNo, batch);
            }
        }

        private Object cell(JsonParser parser, String pointer, Column column) throws IOException {
            JsonToken token = parser.currentToken();
            if (column == null) {
                parser.skipChildren();
                return null;
            }
            if (token == JsonToken.VALUE_NULL) {
                return null;
            }
            ColumnType type = column.type();
            String expected = switch (type) {
                case TEXT -> token == JsonToken.VALUE_STRING && parser.getTextLength() <= MAX_TEXT ? null
                        : "a string of at most " + MAX_TEXT + " characters";
                case INTEGER -> token == JsonToken.VALUE_NUMBER_INT ? null : "a whole number";
                case DECIMAL, CURRENCY, PERCENT -> token.isNumeric() ? null : "a number";
                case BOOLEAN -> token.isBoolean() ? null : "true or false";
                case DATE -> token == JsonToken.VALUE_STRING && isDate(parser.getText()) ? null : "a date (yyyy-mm-dd)";
                case DATETIME -> token == JsonToken.VALUE_STRING && isDateTime(parser.getText()) ? null
                        : "a date-time with offset (2026-03-26T09:00:00Z)";
            };
            if (expected != null) {
                violation(pointer, "column '" + column.key() + "' (" + type.wireName() + ") expects " + expected);
                parser.skipChildren();
                return null;
            }
            return switch (token) {
                case VALUE_NUMBER_INT -> {
                    Number n = parser.getNumberValue();
                    yield n instanceof BigInteger big ? new BigDecimal(big) : n;
                }
                case VALUE_NUMBER_FLOAT -> parser.getDecimalValue();
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                default -> parser.getText();
            };
        }

        private List<Column> columns(JsonParser parser, String pointer) throws IOException {
            List<Column> columns = value(parser, pointer, new TypeReference<List<Column>>() { });
            if (columns == null) {
                return null;
            }
            if (columns.size() > MAX_COLUMNS) {
                violation(pointer, "at most " + MAX_COLUMNS + " columns");
            }
            Set<String> keys = new HashSet<>();
            for (int i = 0; i < columns.size(); i++) {
                Column column = columns.get(i);
                if (column.key() == null || !KEY.matcher(column.key()).matches()) {
                    violation(pointer + "/" + i + "/key", "is required: letters, digits, _ or -, at most 64");
                } else if (!keys.add(column.key())) {
                    violation(pointer + "/" + i + "/key", "duplicate column key '" + column.key() + "'");
                }
                if (column.type() == null) {
                    violation(pointer + "/" + i + "/type", "is required: one of " + ColumnType.allowedValues());
                }
                checkTitle(column.title(), pointer + "/" + i + "/title", false);
                if (column.currency() != null && !column.currency().matches("[A-Z]{3}")) {
                    violation(pointer + "/" + i + "/currency", "must be an ISO 4217 code such as NOK");
                }
            }
            return columns.stream().filter(c -> c.type() != null).toList().size() == columns.size() ? columns : null;
        }

        private List<Field> fields(JsonParser parser, String pointer) throws IOException {
            List<Field> fields = value(parser, pointer, new TypeReference<List<Field>>() { });
            if (fields != null) {
                for (int i = 0; i < fields.size(); i++) {
                    checkTitle(fields.get(i).question(), pointer + "/" + i + "/question", true);
                    String answer = fields.get(i).answer();
                    if (answer != null && answer.length() > MAX_TEXT) {
                        violation(pointer + "/" + i + "/answer", "at most " + MAX_TEXT + " characters");
                    }
                }
            }
            return fields;
        }

        private LocalizedText title(JsonParser parser, String pointer) throws IOException {
            LocalizedText title = value(parser, pointer, LocalizedText.class);
            checkTitle(title, pointer, true);
            return title;
        }

        private void checkTitle(LocalizedText title, String pointer, boolean required) {
            if (title == null) {
                if (required) {
                    violation(pointer, "is required");
                }
                return;
            }
            for (String text : title.values()) {
                if (text == null || text.isBlank() || text.length() > MAX_TITLE) {
                    violation(pointer, "must be non-empty text of at most " + MAX_TITLE + " characters");
                    return;
                }
            }
        }

        private String key(JsonParser parser, String pointer) throws IOException {
            String key = value(parser, pointer, String.class);
            if (key != null && !KEY.matcher(key).matches()) {
                violation(pointer, "letters, digits, _ or -, at most 64 characters");
                return null;
            }
            return key;
        }

        private String text(JsonParser parser, String pointer, int max) throws IOException {
            String text = value(parser, pointer, String.class);
            if (text != null && (text.isBlank() || text.length() > max)) {
                violation(pointer, "must be non-empty text of at most " + max + " characters");
            }
            return text;
        }

        private <T> T value(JsonParser parser, String pointer, Class<T> type) throws IOException {
            try {
                return mapper.readValue(parser, type);
            } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
                violation(pointer + subPath(e), reason(e));
                return null;
            }
        }

        private <T> T value(JsonParser parser, String pointer, TypeReference<T> type) throws IOException {
            try {
                return mapper.readValue(parser, type);
            } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
                violation(pointer + subPath(e), reason(e));
                return null;
            }
        }

        ReportHeader header(Map<String, JsonNode> fields, String reportId) {
            String id = headerValue(fields, "report_id", String.class);
            if (id != null && !id.equals(reportId)) {
                violation("/report_id", "must match the report id in the path (" + reportId + ")");
            }
            String orgId = required(fields, "org_id", String.class);
            if (orgId != null && !ID.matcher(orgId).matches()) {
                violation("/org_id", "letters, digits and _.:@- only, at most 64 characters");
            }
            String reportType = required(fields, "report_type", String.class);
            if (reportType != null && !KEY.matcher(reportType).matches()) {
                violation("/report_type", "letters, digits, _ or -, at most 64 characters");
            }
            LocalizedText title = required(fields, "title", LocalizedText.class);
            checkTitle(title, "/title", false);
            JsonNode period = fields.get("period");
            LocalDate from = null;
            LocalDate to = null;
            if (period == null || !period.isObject()) {
                violation("/period", "is required: {\"from\": \"yyyy-mm-dd\", \"to\": \"yyyy-mm-dd\"}");
            } else {
                from = date(period.get("from"), "/period/from");
                to = date(period.get("to"), "/period/to");
                if (from != null && to != null && from.isAfter(to)) {
                    violation("/period", "from must not be after to");
                }
            }
            String submittedAtText = required(fields, "submitted_at", String.class);
            Instant submittedAt = null;
            if (submittedAtText != null) {
                if (isDateTime(submittedAtText)) {
                    submittedAt = OffsetDateTime.parse(submittedAtText).toInstant();
                } else {
                    violation("/submitted_at", "must be a date-time with offset (2026-03-26T09:00:00Z)");
                }
            }
            String submittedBy = required(fields, "submitted_by", String.class);
            if (submittedBy != null && (submittedBy.isBlank() || submittedBy.length() > MAX_SUBMITTED_BY)) {
                violation("/submitted_by", "must be non-empty text of at most " + MAX_SUBMITTED_BY + " characters");
            }
            OriginalExportParams original = headerValue(fields, "original_export_params", OriginalExportParams.class);
            return new ReportHeader(reportId, orgId, reportType, title, from, to, submittedAt, submittedBy,
                    original == null ? OriginalExportParams.none() : original);
        }

        private LocalDate date(JsonNode node, String pointer) {
            if (node == null || !node.isTextual() || !isDate(node.asText())) {
                violation(pointer, "must be a date (yyyy-mm-dd)");
                return null;
            }
            return LocalDate.parse(node.asText());
        }

        private <T> T required(Map<String, JsonNode> fields, String name, Class<T> type) {
            T value = headerValue(fields, name, type);
            if (value == null && !fields.containsKey(name) || value == null && fields.get(name).isNull()) {
                violation("/" + name, "is required");
            }
            return value;
        }

        private <T> T headerValue(Map<String, JsonNode> fields, String name, Class<T> type) {
            JsonNode node = fields.get(name);
            if (node == null || node.isNull()) {
                return null;
            }
            if (type == String.class && !node.isTextual()) {
                violation("/" + name, "must be a string");
                return null;
            }
            try {
                return mapper.treeToValue(node, type);
            } catch (IOException | IllegalArgumentException e) {
                violation("/" + name, e instanceof com.fasterxml.jackson.databind.JsonMappingException m ? reason(m) : "invalid value");
                return null;
            }
        }
    }

    private static String subPath(com.fasterxml.jackson.databind.JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (com.fasterxml.jackson.databind.JsonMappingException.Reference ref : e.getPath()) {
            path.append('/').append(ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex()));
        }
        return path.toString();
    }

    private static String reason(com.fasterxml.jackson.databind.JsonMappingException e) {
        Throwable cause = e.getCause();
        if (cause instanceof IllegalArgumentException && cause.getMessage() != null) {
            return cause.getMessage();
        }
        if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException u) {
            return "unknown field '" + u.getPropertyName() + "'";
        }
        return "wrong type or shape";
    }

    static boolean isDate(String text) {
        try {
            LocalDate.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    static boolean isDateTime(String text) {
        try {
            OffsetDateTime.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** Refuses text that could not be stored or exported as sent (NUL, half surrogate pairs), wherever it appears. */
    private static final class StorableTextParser extends JsonParserDelegate {
        StorableTextParser(JsonParser delegate) {
            super(delegate);
        }

        @Override
        public String getText() throws IOException {
            return checked(super.getText());
        }

        @Override
        public String getValueAsString() throws IOException {
            return checked(super.getValueAsString());
        }

        @Override
        public String getValueAsString(String defaultValue) throws IOException {
            return checked(super.getValueAsString(defaultValue));
        }

        @Override
        public String currentName() throws IOException {
            return checked(super.currentName());
        }

        @Override
        public String getCurrentName() throws IOException {
            return checked(super.getCurrentName());
        }

        private String checked(String text) {
            if (text != null && !StorableText.isStorable(text)) {
                throw new InvalidReportException(List.of(new InvalidReportException.Violation(
                        getParsingContext().pathAsPointer().toString(), "text " + StorableText.RULE)));
            }
            return text;
        }
    }
}
