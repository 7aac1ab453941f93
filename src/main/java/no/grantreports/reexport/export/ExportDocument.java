package no.grantreports.reexport.export;

import no.grantreports.reexport.report.LocalizedText;
import no.grantreports.reexport.report.ReportContent;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;

/** Everything a writer needs besides the rows: the report's metadata and structure, how to render it, and when. */
public record ExportDocument(String reportId, String orgId, String reportType, LocalizedText title,
                             LocalDate periodFrom, LocalDate periodTo, Instant submittedAt, String submittedBy,
                             int reportVersion, String format, boolean includeAnnexes, Locale locale,
                             Instant generatedAt, ReportContent content) {

    public String text(LocalizedText text) {
        return text == null ? "" : text.resolve(locale);
    }

    /** Annexes with tabular content, when annexes are asked for at all. */
    public java.util.List<ReportContent.Annex> tabularAnnexes() {
        return includeAnnexes ? content.annexes().stream().filter(ReportContent.Annex::tabular).toList() : java.util.List.of();
    }
}
