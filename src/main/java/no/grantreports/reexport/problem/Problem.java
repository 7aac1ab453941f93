package no.grantreports.reexport.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** RFC 9457 problem details, the body of every 4xx and 5xx response. */
@Schema(name = "Problem", description = "RFC 9457 problem details")
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
        @Schema(required = true, description = "URI identifying the kind of problem; stable, one per code",
                example = "https://grantreports.no/problems/not-found") String type,
        @Schema(required = true, description = "The kind of problem, machine-readable: switch on it", example = "not_found")
        String code,
        @Schema(required = true, example = "Not Found") String title,
        @Schema(required = true, example = "404") int status,
        @Schema(example = "Re-export reexp_01KA2L5P6Q7R8S9T0U1V2W3X was not found.") String detail,
        @Schema(description = "The request path", example = "/api/v1/report-reexports/reexp_01KA2L5P6Q7R8S9T0U1V2W3X") String instance,
        @Schema(description = "One entry per invalid value, for validation failures (JSON pointers for report documents)")
        List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem(ProblemType kind, String title, String detail, String instance, List<FieldError> errors) {
        this(kind.uri(), kind.code(), title, kind.status(), detail, instance, errors);
    }

    /** {@code field} is a JSON pointer-like path or a query parameter name. */
    @Schema(name = "ProblemFieldError")
    public record FieldError(@Schema(required = true, example = "export_params.format") String field,
                             @Schema(required = true, example = "must be one of: xlsx") String message) {
    }
}
