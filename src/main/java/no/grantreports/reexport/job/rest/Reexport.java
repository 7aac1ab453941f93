package no.grantreports.reexport.job.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/** The full representation of a job (GET one, PUT). */
@Schema(name = "Reexport", description = "A re-export job with its status and result")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
// Native image: returned inside a Response (or nested in one), so Quarkus does not register it by itself
@RegisterForReflection
public record Reexport(
        @Schema(required = true, example = "reexp_01KA2L5P6Q7R8S9T0U1V2W3X") String reexportId,
        @Schema(required = true, example = "rpt_01HX9K2M3N4P5Q6R7S8T9U0V") String reportId,
        @Schema(required = true, example = "org_bufdir_oslo_42") String orgId,
        @Schema(required = true, enumeration = {"pending", "processing", "completed", "failed", "cancelled", "expired"},
                example = "completed") String status,
        @Schema(required = true) ExportParams exportParams,
        @Schema(required = true, nullable = true) String outputFileRef,
        @Schema(required = true, nullable = true, example = "215040") Long outputFileSizeBytes,
        @Schema(required = true, example = "user_09AXKL2") String requestedBy,
        @Schema(required = true) Instant requestedAt,
        @Schema(required = true, nullable = true) Instant completedAt,
        @Schema(required = true) boolean notified,
        @Schema(required = true, nullable = true) String errorMessage,
        @Schema(required = true, nullable = true, description = "Why the job failed or was retried: worker_lost, "
                + "transient_error, attempts_exhausted, invalid_report, report_missing",
                example = "worker_lost") String errorCode,
        @Schema(required = true, description = "How many times a worker has taken the job", example = "1") int attempts) {
}
