package no.grantreports.reexport.job.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

@Schema(name = "ReexportPage")
public record ReexportPage(@Schema(required = true) List<ReexportSummary> data,
                           @Schema(required = true) Pagination pagination) {

    @Schema(name = "Pagination")
    // Native image: returned inside a Response (or nested in one), so Quarkus does not register it by itself
    @RegisterForReflection
    public record Pagination(@Schema(required = true, minimum = "1", example = "1") int page,
                             @Schema(required = true, minimum = "1", maximum = "100", example = "20") int limit,
                             @Schema(required = true, minimum = "0", example = "1") long total) {
    }
}
