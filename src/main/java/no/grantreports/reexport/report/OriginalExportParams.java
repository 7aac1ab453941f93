package no.grantreports.reexport.report;

import io.quarkus.runtime.annotations.RegisterForReflection;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The export parameters a report was first exported with; any of them may be unknown (null). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
// Native image: a jsonb column of report_snapshot, read and written by Hibernate's JSON format mapper (Jackson, by reflection)
@RegisterForReflection
public record OriginalExportParams(String format, Boolean includeAnnexes, String locale) {

    public static OriginalExportParams none() {
        return new OriginalExportParams(null, null, null);
    }
}
