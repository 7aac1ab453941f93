package no.grantreports.reexport.job.rest;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "CreateReexportRequest")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CreateReexportRequest(
        @Schema(required = true, maxLength = 64, example = "rpt_01HX9K2M3N4P5Q6R7S8T9U0V") String reportId,
        @Schema(implementation = ExportParamsRequest.class) ExportParams exportParams,
        @Schema(description = "Send a signed webhook (see the reexportFinished webhook) when the job completes or "
                + "fails; notified becomes true once it was delivered. Default false.", example = "true")
        Boolean notifyOnCompletion) {
}
