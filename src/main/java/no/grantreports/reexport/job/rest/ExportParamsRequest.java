package no.grantreports.reexport.job.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The request side of {@link ExportParams}, for the OpenAPI document only: in a request every field is
 * optional, in a response every field is present. One schema for both made generated clients treat the
 * response's fields as optional. The server reads both into {@link ExportParams}.
 */
@Schema(name = "ExportParamsRequest", description = "How the file is rendered. A missing field takes the report's "
        + "original export parameter, then the service default (xlsx, include_annexes false, nb-NO).")
public record ExportParamsRequest(
        @Schema(enumeration = {"xlsx", "csv", "json"}, example = "xlsx") String format,
        @Schema(name = "include_annexes", example = "true") Boolean includeAnnexes,
        @Schema(enumeration = {"nb-NO", "nn-NO", "en-GB", "en-US"}, example = "nb-NO") String locale) {
}
