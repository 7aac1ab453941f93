package no.grantreports.reexport.report.rest;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import no.grantreports.reexport.report.OriginalExportParams;
import no.grantreports.reexport.report.ReportContent;
import no.grantreports.reexport.report.ReportSnapshot;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A stored report: its metadata and structure. Table rows are not repeated here (see row_count); export the report to get them. */
@Schema(name = "Report", requiredProperties = {"report_id", "org_id", "report_type", "title", "period", "submitted_at",
        "submitted_by", "original_export_params", "version", "sections", "annexes", "updated_at"})
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ReportView(
        @Schema(example = "rpt_01HX9K2M3N4P5Q6R7S8T9U0V") String reportId,
        @Schema(example = "org_bufdir_oslo_42") String orgId,
        @Schema(example = "grant_final_report") String reportType,
        @Schema(description = "Plain text, or a map of locale tag to text") Object title,
        Period period,
        Instant submittedAt,
        String submittedBy,
        OriginalExportParams originalExportParams,
        @Schema(description = "Bumped by every replacement", example = "1") int version,
        List<ReportContent.Section> sections,
        List<ReportContent.Annex> annexes,
        Instant updatedAt) {

    @Schema(requiredProperties = {"from", "to"})
    public record Period(LocalDate from, LocalDate to) {
    }

    static ReportView of(ReportSnapshot s) {
        return new ReportView(s.id, s.orgId, s.reportType, s.title.toJson(), new Period(s.periodFrom, s.periodTo),
                s.submittedAt, s.submittedBy, s.originalExportParams, s.version, s.content.sections(),
                s.content.annexes(), s.updatedAt);
    }
}
