package no.grantreports.reexport.job.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import no.grantreports.reexport.job.JobStatus;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/** A partial update: absent (or null) fields are left unchanged. */
@Schema(name = "UpdateReexportRequest", description = "Partial update; absent or null fields are left unchanged. "
        + "Allowed moves: pending → processing|completed|failed|cancelled, processing → completed|failed|pending, "
        + "failed → pending (re-queues). A completed job accepts only notified false → true.")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
// Native image: a request body, also serialized again to hash Idempotency-Key requests
@RegisterForReflection
public record UpdateReexportRequest(
        @Schema(implementation = String.class, enumeration = {"pending", "processing", "completed", "failed", "cancelled"},
                example = "completed") JobStatus status,
        @Schema(maxLength = 1024, example = "reports/org_bufdir_oslo_42/reexports/rpt_01HX9K2M_reexport_20260326.xlsx")
        String outputFileRef,
        @Schema(minimum = "0", example = "215040") Long outputFileSizeBytes,
        @Schema(description = "Defaults to now when status becomes completed", example = "2026-03-26T12:02:30Z")
        Instant completedAt,
        @Schema(example = "true") Boolean notified,
        @Schema(maxLength = 2000) String errorMessage) {
}
