package no.grantreports.reexport.job.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/** A job as listed and as answered to its creation: the contract's fields for those two. */
@Schema(name = "ReexportSummary", description = "A re-export job as listed and as returned on creation")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
// Native image: returned inside a Response (or nested in one), so Quarkus does not register it by itself
@RegisterForReflection
public record ReexportSummary(
        @Schema(required = true, example = "reexp_01KA2L5P6Q7R8S9T0U1V2W3X") String reexportId,
        @Schema(required = true, example = "rpt_01HX9K2M3N4P5Q6R7S8T9U0V") String reportId,
        @Schema(required = true, example = "org_bufdir_oslo_42") String orgId,
        @Schema(required = true, enumeration = {"pending", "processing", "completed", "failed", "cancelled", "expired"},
                example = "pending") String status,
        @Schema(required = true) ExportParams exportParams,
        @Schema(required = true, nullable = true) String outputFileRef,
        @Schema(required = true, example = "user_09AXKL2") String requestedBy,
        @Schema(required = true) Instant requestedAt,
        @Schema(required = true, nullable = true) Instant completedAt,
        @Schema(required = true) boolean notified) {
}
