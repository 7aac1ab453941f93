package no.grantreports.reexport.report;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a new job needs of its report: identity, organisation and the original export parameters.
 * Read as a projection so that creating a job does not load and parse the report's content;
 * Panache builds projections through their constructor by reflection.
 */
@RegisterForReflection
public record ReportReference(String id, String orgId, OriginalExportParams originalExportParams) {
}
