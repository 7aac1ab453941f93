package no.grantreports.reexport.report;

import java.time.Instant;
import java.time.LocalDate;

/** A report's metadata: everything but its sections and annexes. */
public record ReportHeader(String reportId, String orgId, String reportType, LocalizedText title, LocalDate periodFrom,
                           LocalDate periodTo, Instant submittedAt, String submittedBy,
                           OriginalExportParams originalExportParams) {
}
