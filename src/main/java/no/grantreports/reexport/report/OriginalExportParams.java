package no.grantreports.reexport.report;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The export parameters a report was first exported with; any of them may be unknown (null). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OriginalExportParams(String format, Boolean includeAnnexes, String locale) {

    public static OriginalExportParams none() {
        return new OriginalExportParams(null, null, null);
    }
}
