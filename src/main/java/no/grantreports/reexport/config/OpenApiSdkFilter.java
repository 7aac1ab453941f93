package no.grantreports.reexport.config;

import no.grantreports.reexport.problem.ProblemType;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes the document exact enough for client generators and API linters (issue 13), in one pass
 * over the model, after the annotations were read:
 * <ul>
 * <li>{@code java.time} values are inline {@code string}s with their format instead of references to an
 *   {@code Instant} schema: a nullable reference comes out as {@code allOf} in OpenAPI 3.0, which
 *   generators turn into a non-nullable object type;</li>
 * <li>the enum of {@code Problem.code} is {@link ProblemType}, so the document cannot miss a kind;</li>
 * <li>every string, integer and array carries the limits of {@link #STRING_LIMITS}, {@link #INTEGER_LIMITS}
 *   and {@link #ARRAY_LIMITS} (by property, parameter or header name): where the server checks the value
 *   these are its limits, elsewhere the bounds of what it stores and sends.</li>
 * </ul>
 * Request schemas that the server reads strictly (unknown fields are 400) get
 * {@code additionalProperties: false}.
 */
public class OpenApiSdkFilter implements OASFilter {

    static final int DATE_TIME_LENGTH = 35;
    static final long JS_SAFE_INTEGER = 9_007_199_254_740_991L;

    static final Map<String, Integer> STRING_LIMITS = Map.ofEntries(
            Map.entry("reexport_id", 64), Map.entry("report_id", 64), Map.entry("annex_id", 64),
            Map.entry("org_id", 255), Map.entry("requested_by", 255), Map.entry("submitted_by", 255),
            Map.entry("report_type", 64), Map.entry("key", 255), Map.entry("file_name", 255),
            Map.entry("content_type", 255), Map.entry("currency", 3), Map.entry("answer", 100_000),
            Map.entry("format", 16), Map.entry("locale", 35),
            Map.entry("output_file_ref", 1024), Map.entry("error_message", 2000), Map.entry("error_code", 64),
            Map.entry("Idempotency-Key", 255), Map.entry("If-Match", 128), Map.entry("ETag", 128),
            Map.entry("Location", 2048), Map.entry("Content-Disposition", 512), Map.entry("Link", 4096),
            // problem details
            Map.entry("type", 255), Map.entry("title", 255), Map.entry("detail", 4096), Map.entry("instance", 2048),
            Map.entry("field", 1024), Map.entry("message", 1024));

    /** name -> {minimum, maximum, int64?1:0} */
    static final Map<String, long[]> INTEGER_LIMITS = Map.ofEntries(
            Map.entry("page", new long[]{1, Integer.MAX_VALUE / 100, 0}),
            Map.entry("limit", new long[]{1, 100, 0}),
            Map.entry("total", new long[]{0, JS_SAFE_INTEGER, 1}),
            Map.entry("attempts", new long[]{0, Integer.MAX_VALUE, 0}),
            Map.entry("version", new long[]{1, Integer.MAX_VALUE, 0}),
            Map.entry("status", new long[]{400, 599, 0}),
            Map.entry("Retry-After", new long[]{1, Integer.MAX_VALUE, 0}),
            Map.entry("output_file_size_bytes", new long[]{0, JS_SAFE_INTEGER, 1}),
            Map.entry("size_bytes", new long[]{0, JS_SAFE_INTEGER, 1}),
            Map.entry("row_count", new long[]{0, JS_SAFE_INTEGER, 1}),
            Map.entry("rows", new long[]{0, JS_SAFE_INTEGER, 1}),
            Map.entry("Content-Length", new long[]{0, JS_SAFE_INTEGER, 1}));

    static final Map<String, Integer> ARRAY_LIMITS = Map.of(
            "data", 100, "status", 6, "errors", 1000,
            "sections", 10_000, "annexes", 10_000, "columns", 10_000, "fields", 10_000);

    /** Read with unknown fields rejected (FAIL_ON_UNKNOWN_PROPERTIES for these request bodies). */
    static final Set<String> STRICT_REQUEST_SCHEMAS = Set.of("CreateReexportRequest", "ExportParamsRequest", "UpdateReexportRequest");

    static final Map<String, String> TIME_FORMATS = Map.of("Instant", "date-time", "LocalDate", "date");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components = openAPI.getComponents();
        if (components != null && components.getSchemas() != null) {
            TIME_FORMATS.keySet().forEach(components::removeSchema);
            components.getSchemas().forEach((name, schema) -> {
                walk(name, schema);
                if (STRICT_REQUEST_SCHEMAS.contains(name)) {
                    schema.setAdditionalPropertiesBoolean(Boolean.FALSE);
                }
            });
            Schema problem = components.getSchemas().get("Problem");
            if (problem != null && problem.getProperties() != null && problem.getProperties().get("code") != null) {
                problem.getProperties().get("code").setEnumeration(
                        new ArrayList<>(Arrays.stream(ProblemType.values()).map(ProblemType::code).toList()));
            }
        }
        if (components != null && components.getResponses() != null) {
            components.getResponses().values().forEach(this::response);
        }
        if (openAPI.getPaths() != null) {
            for (PathItem item : openAPI.getPaths().getPathItems().values()) {
                if (item.getParameters() != null) {
                    item.getParameters().forEach(this::parameter);
                }
                for (Operation operation : item.getOperations().values()) {
                    if (operation.getParameters() != null) {
                        operation.getParameters().forEach(this::parameter);
                    }
                    if (operation.getRequestBody() != null) {
                        content(operation.getRequestBody().getContent());
                    }
                    if (operation.getResponses() != null && operation.getResponses().getAPIResponses() != null) {
                        operation.getResponses().getAPIResponses().values().forEach(this::response);
                    }
                }
            }
        }
    }

    private void parameter(Parameter parameter) {
        if (parameter.getRef() == null) {
            walk(parameter.getName(), parameter.getSchema());
        }
    }

    private void response(APIResponse response) {
        if (response.getRef() != null) {
            return;
        }
        if (response.getHeaders() != null) {
            for (Map.Entry<String, Header> header : response.getHeaders().entrySet()) {
                walk(header.getKey(), header.getValue().getSchema());
            }
        }
        content(response.getContent());
    }

    private void content(Content content) {
        if (content != null && content.getMediaTypes() != null) {
            for (MediaType media : content.getMediaTypes().values()) {
                walk(null, media.getSchema());
            }
        }
    }

    /** Applies the rules to {@code schema} (named {@code name} where it is a property, parameter or header). */
    private void walk(String name, Schema schema) {
        if (schema == null) {
            return;
        }
        inlineTime(schema);
        singleReference(schema);
        if (schema.getRef() != null) {
            return;
        }
        List<SchemaType> types = schema.getType() == null ? List.of() : schema.getType();
        if (types.contains(SchemaType.STRING) && schema.getMaxLength() == null && schema.getEnumeration() == null
                && !"binary".equals(schema.getFormat())) {
            if ("date-time".equals(schema.getFormat())) {
                schema.setMaxLength(DATE_TIME_LENGTH);
            } else if ("date".equals(schema.getFormat())) {
                schema.setMaxLength(10);
            } else if (name != null && STRING_LIMITS.containsKey(name)) {
                schema.setMaxLength(STRING_LIMITS.get(name));
            }
        }
        if (types.contains(SchemaType.INTEGER) && name != null && INTEGER_LIMITS.containsKey(name)) {
            long[] limits = INTEGER_LIMITS.get(name);
            if (schema.getMinimum() == null) {
                schema.setMinimum(BigDecimal.valueOf(limits[0]));
            }
            if (schema.getMaximum() == null) {
                schema.setMaximum(BigDecimal.valueOf(limits[1]));
            }
            if (schema.getFormat() == null) {
                schema.setFormat(limits[2] == 1 ? "int64" : "int32");
            }
        }
        if (types.contains(SchemaType.ARRAY) && schema.getEnumeration() != null && schema.getItems() != null
                && schema.getItems().getEnumeration() == null) {
            // An enum on an array parameter belongs to its items (generators type the array's elements from it)
            schema.getItems().setEnumeration(schema.getEnumeration());
            schema.setEnumeration(null);
        }
        if (types.contains(SchemaType.ARRAY) && schema.getMaxItems() == null && name != null && ARRAY_LIMITS.containsKey(name)) {
            schema.setMaxItems(ARRAY_LIMITS.get(name));
        }
        if (schema.getProperties() != null) {
            schema.getProperties().forEach(this::walk);
        }
        walk(name, schema.getItems());
        for (List<Schema> group : Arrays.asList(schema.getAllOf(), schema.getAnyOf(), schema.getOneOf())) {
            if (group != null) {
                group.forEach(s -> walk(name, s));
            }
        }
    }

    /** {@code $ref Instant} (or {@code anyOf [$ref Instant, null]}) becomes an inline {@code string} with its format. */
    private static void inlineTime(Schema schema) {
        String format = timeFormat(schema.getRef());
        if (format != null) {
            schema.setRef(null);
            schema.setType(List.of(SchemaType.STRING));
            schema.setFormat(format);
            return;
        }
        for (boolean any : new boolean[]{true, false}) {
            List<Schema> group = any ? schema.getAnyOf() : schema.getAllOf();
            if (group == null) {
                continue;
            }
            Schema time = group.stream().filter(s -> timeFormat(s.getRef()) != null).findFirst().orElse(null);
            if (time == null) {
                continue;
            }
            boolean nullable = group.stream().anyMatch(s -> s.getType() != null && s.getType().equals(List.of(SchemaType.NULL)))
                    || schema.getType() != null && schema.getType().contains(SchemaType.NULL);
            if (any) {
                schema.setAnyOf(null);
            } else {
                schema.setAllOf(null);
            }
            schema.setType(nullable ? List.of(SchemaType.STRING, SchemaType.NULL) : List.of(SchemaType.STRING));
            schema.setFormat(timeFormat(time.getRef()));
        }
    }

    /**
     * {@code type: object} beside {@code $ref X}, or {@code allOf: [$ref X]} (what {@code @Schema(implementation =
     * X.class)} on a field gives) is just {@code $ref X}: some generators make an anonymous composed model of the allOf form.
     */
    private static void singleReference(Schema schema) {
        if (schema.getRef() != null && List.of(SchemaType.OBJECT).equals(schema.getType())) {
            // 3.0 allows no siblings beside $ref: the writer would wrap it in allOf to keep the type
            schema.setType(null);
        }
        List<Schema> allOf = schema.getAllOf();
        if (allOf != null && allOf.size() == 1 && allOf.get(0).getRef() != null && schema.getProperties() == null
                && (schema.getType() == null || schema.getType().equals(List.of(SchemaType.OBJECT)))
                && schema.getDescription() == null) {
            schema.setRef(allOf.get(0).getRef());
            schema.setAllOf(null);
            schema.setType(null);
        }
    }

    private static String timeFormat(String ref) {
        if (ref == null) {
            return null;
        }
        return TIME_FORMATS.get(ref.substring(ref.lastIndexOf('/') + 1));
    }
}
