package no.grantreports.reexport.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import no.grantreports.reexport.problem.ProblemType;
import no.grantreports.reexport.report.ReportContent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committed snapshot (kept equal to /q/openapi by OpenApiSnapshotTest) in the forms client generators
 * read right (issue 13). The linters and the generated clients check the rest in ./mvnw verify.
 */
class ApiDescriptionTest {

    static JsonNode doc;

    @BeforeAll
    static void read() throws Exception {
        doc = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(OpenApiSnapshotTest.SNAPSHOT));
    }

    static JsonNode schema(String name) {
        return doc.path("components").path("schemas").path(name);
    }

    static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    @Test
    void isOpenApi303WithTheWebhookUnderAnExtension() {
        assertEquals("3.0.3", doc.path("openapi").asText());
        assertTrue(doc.path("webhooks").isMissingNode(), "3.1's webhooks section breaks typescript-fetch (TS1003)");
        assertEquals("onReexportFinished", doc.path("x-webhooks").path("reexportFinished").path("post").path("operationId").asText());
        assertEquals("/", doc.path("servers").path(0).path("url").asText());
        assertFalse(doc.path("info").path("license").path("name").asText().isEmpty());
        assertFalse(doc.path("info").path("contact").isMissingNode());
    }

    @Test
    void nullableValuesAreNullableStringsAndNumbersNotReferences() {
        for (String model : List.of("Reexport", "ReexportSummary")) {
            JsonNode completedAt = schema(model).path("properties").path("completed_at");
            assertEquals("string", completedAt.path("type").asText(), model);
            assertEquals("date-time", completedAt.path("format").asText(), model);
            assertTrue(completedAt.path("nullable").asBoolean(), model);
            assertTrue(completedAt.path("allOf").isMissingNode() && completedAt.path("anyOf").isMissingNode()
                    && completedAt.path("$ref").isMissingNode(), model + ": " + completedAt);
            assertTrue(schema(model).path("properties").path("output_file_ref").path("nullable").asBoolean(), model);
        }
        for (String field : List.of("output_file_size_bytes", "error_message", "error_code")) {
            assertTrue(schema("Reexport").path("properties").path(field).path("nullable").asBoolean(), field);
        }
        assertTrue(schema("Column").path("properties").path("currency").path("nullable").asBoolean());
        assertTrue(schema("Instant").isMissingNode(), "java.time values are inline strings");
    }

    @Test
    void problemCodesAreTheEnumOfProblemTypeAndTypeUrisAreDistinct() {
        JsonNode code = schema("Problem").path("properties").path("code");
        assertEquals(Arrays.stream(ProblemType.values()).map(ProblemType::code).toList(), texts(code.path("enum")));
        assertTrue(texts(schema("Problem").path("required")).containsAll(List.of("type", "code", "title", "status")));
        Set<String> uris = new HashSet<>();
        for (ProblemType type : ProblemType.values()) {
            assertTrue(uris.add(type.uri()), type.uri());
            assertTrue(type.uri().startsWith("https://") && type.uri().endsWith(type.code().replace('_', '-')), type.uri());
        }
    }

    @Test
    void requestAndResponseModelsAreExact() {
        assertEquals(List.of("format", "include_annexes", "locale"), texts(schema("ExportParams").path("required")));
        assertEquals("#/components/schemas/ExportParamsRequest",
                schema("CreateReexportRequest").path("properties").path("export_params").path("$ref").asText());
        for (String request : List.of("CreateReexportRequest", "ExportParamsRequest", "UpdateReexportRequest")) {
            assertFalse(schema(request).path("additionalProperties").asBoolean(true), request + " rejects unknown fields");
        }
        assertTrue(texts(schema("Report").path("required")).containsAll(List.of("report_id", "sections", "annexes", "version")));

        JsonNode list = doc.path("paths").path("/api/v1/report-reexports").path("get");
        JsonNode status = null;
        for (JsonNode parameter : list.path("parameters")) {
            if (parameter.path("name").asText().equals("status")) {
                status = parameter.path("schema");
            }
        }
        assertTrue(status != null && status.path("enum").isMissingNode(), "the enum is on the items, not the array");
        assertEquals(List.of("pending", "processing", "completed", "failed", "cancelled", "expired"), texts(status.path("items").path("enum")));
        assertTrue(list.path("responses").path("200").path("headers").has("Link"));
        assertTrue(doc.path("paths").path("/api/v1/reports").path("get").path("responses").path("200").path("headers").has("Link"));
        JsonNode created = doc.path("paths").path("/api/v1/report-reexports").path("post").path("responses").path("202").path("headers");
        assertTrue(created.has("Location") && created.has("Idempotent-Replayed"), created.toString());
        assertEquals(255, idempotencyKeyLimit());
        assertNull(doc.path("paths").path("/api/v1/report-reexports/{reexport_id}/file").path("get").path("responses")
                .path("200").path("content").path("application/json").path("schema").path("format").textValue(),
                "the JSON download is declared as JSON, not as a binary string");
    }

    @Test
    void theClientPageShowsCodeTheTestsRunAndEveryProblemKind() throws Exception {
        String page = Files.readString(Path.of("docs/generated-clients.md"));
        Map<String, Path> sources = Map.of("java", Path.of("src/test/java/no/grantreports/reexport/sdk/SdkFlowTest.java"),
                "ts", Path.of("src/test/sdk-ts/flow/flow.ts"));
        Matcher block = Pattern.compile("```(java|ts)\n(.*?)```", Pattern.DOTALL).matcher(page);
        int blocks = 0;
        while (block.find()) {
            blocks++;
            Set<String> lines = Files.readAllLines(sources.get(block.group(1))).stream().map(String::strip).collect(Collectors.toSet());
            for (String line : block.group(2).split("\n")) {
                assertTrue(line.isBlank() || lines.contains(line.strip()),
                        "docs/generated-clients.md shows a line that " + sources.get(block.group(1)) + " no longer runs: " + line);
            }
        }
        assertEquals(2, blocks);
        for (ProblemType type : ProblemType.values()) {
            assertTrue(page.contains("| `" + type.code() + "` | " + type.status() + " | `" + type.uri() + "` |"),
                    "the problem table lacks " + type.code());
        }
    }

    static final List<String> STRICT_DOCUMENT_SCHEMAS = List.of("ReportDocument", "OriginalExportParamsRequest",
            "TableSectionDocument", "FieldsSectionDocument", "ColumnDocument", "FieldDocument", "AnnexDocument",
            "AnnexContentDocument");

    @Test
    void theReportDocumentHasAStrictNamedSchemaAndItsExampleIsTheDocsOneAndFitsIt() throws Exception {
        JsonNode body = doc.path("paths").path("/api/v1/reports/{report_id}").path("put").path("requestBody")
                .path("content").path("application/json");
        assertEquals("#/components/schemas/ReportDocument", body.path("schema").path("$ref").asText());
        assertEquals(List.of("org_id", "report_type", "title", "period", "submitted_at", "submitted_by"),
                texts(schema("ReportDocument").path("required")));
        for (String name : STRICT_DOCUMENT_SCHEMAS) {
            assertFalse(schema(name).path("additionalProperties").asBoolean(true), name + " rejects unknown fields, as the reader does");
        }
        assertEquals(Arrays.stream(ReportContent.ColumnType.values()).map(ReportContent.ColumnType::wireName).toList(),
                texts(schema("ColumnDocument").path("properties").path("type").path("enum")));
        assertEquals(List.of("key", "title", "kind", "columns"), texts(schema("TableSectionDocument").path("required")));
        assertEquals(List.of("annex_id", "title", "file_name"), texts(schema("AnnexDocument").path("required")));
        assertEquals(128, schema("ReportDocument").path("properties").path("submitted_by").path("maxLength").asInt());
        assertEquals(500, schema("ReportDocument").path("properties").path("sections").path("maxItems").asInt());

        JsonNode example = body.path("examples").path("report").path("value");
        String page = Files.readString(Path.of("docs/report-model.md"));
        Matcher json = Pattern.compile("```json\n(.*?)```", Pattern.DOTALL).matcher(page);
        assertTrue(json.find(), "docs/report-model.md shows a report document");
        JsonNode documented = new ObjectMapper().readTree(json.group(1));
        assertTrue(documented.equals(ApiDescriptionTest::sameValue, example), "the example is the one of docs/report-model.md");
        assertEquals(List.of(), violations(example, body.path("schema"), ""));

        // the check above can fail: what the server refuses, the schema refuses too
        ObjectMapper mapper = new ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode unknown = example.deepCopy();
        unknown.put("colour", "red");
        assertEquals(List.of("/colour: unknown field"), violations(unknown, body.path("schema"), ""));
        com.fasterxml.jackson.databind.node.ObjectNode badType = example.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) badType.path("sections").path(0).path("columns").path(0)).put("type", "money");
        assertFalse(violations(badType, body.path("schema"), "").isEmpty());
        com.fasterxml.jackson.databind.node.ObjectNode noOrg = example.deepCopy();
        noOrg.remove("org_id");
        assertEquals(List.of(": org_id is required"), violations(noOrg, body.path("schema"), ""));
        assertFalse(violations(mapper.readTree("{\"annex_id\": \"a b\", \"title\": \"T\", \"file_name\": \"f\"}"),
                schema("AnnexDocument"), "").isEmpty(), "a key with a space breaks the pattern");
    }

    private static int sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    }

    /**
     * The OpenAPI 3.0 schema keywords the document uses, checked as a validator would (Spectral and Redocly
     * also validate the examples in ./mvnw verify): type, nullable, required, properties, additionalProperties,
     * items, enum, pattern, length, item count, minimum, oneOf and $ref.
     */
    static List<String> violations(JsonNode value, JsonNode schema, String at) {
        List<String> found = new ArrayList<>();
        String ref = schema.path("$ref").asText(null);
        if (ref != null) {
            return violations(value, schema(ref.substring(ref.lastIndexOf('/') + 1)), at);
        }
        if (value.isNull()) {
            if (schema.has("type") && !schema.path("nullable").asBoolean()) {
                found.add(at + ": null");
            }
            return found;
        }
        String type = schema.path("type").asText("");
        boolean fits = switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> true;
        };
        if (!fits) {
            found.add(at + ": not " + type);
            return found;
        }
        if (schema.has("enum") && !texts(schema.path("enum")).contains(value.asText())) {
            found.add(at + ": not one of " + schema.path("enum"));
        }
        if (value.isTextual()) {
            String text = value.asText();
            if (text.length() > schema.path("maxLength").asInt(Integer.MAX_VALUE) || text.length() < schema.path("minLength").asInt(0)) {
                found.add(at + ": length");
            }
            if (schema.has("pattern") && !Pattern.compile(schema.path("pattern").asText()).matcher(text).find()) {
                found.add(at + ": pattern");
            }
        }
        if (value.isNumber() && schema.has("minimum") && value.decimalValue().compareTo(schema.path("minimum").decimalValue()) < 0) {
            found.add(at + ": minimum");
        }
        if (value.isArray()) {
            if (value.size() > schema.path("maxItems").asInt(Integer.MAX_VALUE) || value.size() < schema.path("minItems").asInt(0)) {
                found.add(at + ": item count");
            }
            for (int i = 0; i < value.size(); i++) {
                found.addAll(violations(value.get(i), schema.path("items"), at + "/" + i));
            }
        }
        if (value.isObject()) {
            for (String name : texts(schema.path("required"))) {
                if (!value.has(name)) {
                    found.add(at + ": " + name + " is required");
                }
            }
            value.fieldNames().forEachRemaining(name -> {
                if (schema.path("properties").has(name)) {
                    found.addAll(violations(value.get(name), schema.path("properties").path(name), at + "/" + name));
                } else if (schema.path("additionalProperties").isBoolean() && !schema.path("additionalProperties").asBoolean()) {
                    found.add(at + "/" + name + ": unknown field");
                }
            });
        }
        if (schema.has("oneOf")) {
            long matching = 0;
            for (JsonNode option : schema.path("oneOf")) {
                matching += violations(value, option, at).isEmpty() ? 1 : 0;
            }
            if (matching != 1) {
                found.add(at + ": matches " + matching + " of the oneOf schemas, not exactly one");
            }
        }
        return found;
    }

    static int idempotencyKeyLimit() {
        for (JsonNode parameter : doc.path("paths").path("/api/v1/report-reexports").path("post").path("parameters")) {
            if (parameter.path("name").asText().equals("Idempotency-Key")) {
                return parameter.path("schema").path("maxLength").asInt();
            }
        }
        return -1;
    }
}
