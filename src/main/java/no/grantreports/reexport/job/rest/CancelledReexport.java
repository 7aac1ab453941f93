package no.grantreports.reexport.job.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

@Schema(name = "CancelledReexport")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
// Native image: returned inside a Response (or nested in one), so Quarkus does not register it by itself
@RegisterForReflection
public record CancelledReexport(@Schema(required = true, example = "reexp_02KB3M6Q7R8S9T0U1V2W3X4Y") String reexportId,
                                @Schema(required = true, example = "true") boolean cancelled,
                                @Schema(required = true) Instant cancelledAt) {
}
