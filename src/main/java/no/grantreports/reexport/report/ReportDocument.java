package no.grantreports.reexport.report;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** The JSON model of a historical report, as loaded from demo data (and later ingested). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ReportDocument(String reportId, String orgId, String reportType, String title, Period period,
                             Instant submittedAt, String submittedBy, OriginalExportParams originalExportParams,
                             List<ReportContent.Section> sections, List<ReportContent.Annex> annexes) {

    public record Period(LocalDate from, LocalDate to) {
    }

    public ReportSnapshot toSnapshot(Instant now) {
        ReportSnapshot snapshot = new ReportSnapshot();
        snapshot.id = reportId;
        snapshot.orgId = orgId;
        snapshot.reportType = reportType;
        snapshot.title = title;
        snapshot.periodFrom = period.from();
        snapshot.periodTo = period.to();
        snapshot.submittedAt = submittedAt;
        snapshot.submittedBy = submittedBy;
        snapshot.originalExportParams = originalExportParams == null ? OriginalExportParams.none() : originalExportParams;
        snapshot.content = new ReportContent(sections, annexes);
        snapshot.version = 1;
        snapshot.createdAt = now;
        snapshot.updatedAt = now;
        return snapshot;
    }
}
