package no.grantreports.reexport.job.rest;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** How the file is rendered. In a request every field is optional. */
@Schema(name = "ExportParams", description = "How the file is rendered (as resolved when the job was created: "
        + "request, else the report's original export parameter, else the service default).",
        requiredProperties = {"format", "include_annexes", "locale"})
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ExportParams(
        @Schema(enumeration = {"xlsx", "csv", "json"}, example = "xlsx") String format,
        @Schema(example = "true") Boolean includeAnnexes,
        @Schema(enumeration = {"nb-NO", "nn-NO", "en-GB", "en-US"}, example = "nb-NO") String locale) {
}
