package no.grantreports.reexport.export;

import no.grantreports.reexport.report.ReportContent;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;

/** Everything a writer needs to produce one file: the report, how to render it, and when. */
public record ExportDocument(String reportId, String orgId, String reportType, String title,
                             LocalDate periodFrom, LocalDate periodTo, Instant submittedAt, String submittedBy,
                             int reportVersion, String format, boolean includeAnnexes, Locale locale,
                             Instant generatedAt, ReportContent content) {
}
