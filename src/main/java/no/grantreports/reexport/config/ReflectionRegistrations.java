package no.grantreports.reexport.config;

import io.quarkus.runtime.annotations.RegisterForReflection;
import no.grantreports.reexport.report.OriginalExportParams;
import no.grantreports.reexport.report.ReportContent;
import no.grantreports.reexport.report.LocalizedText;

/**
 * Classes a native image must keep for reflection, each with its reason. Kept in one place so the
 * model classes stay plain Java.
 */
@RegisterForReflection(targets = {
        // jsonb columns of report_snapshot, read and written by Hibernate's JSON format mapper
        OriginalExportParams.class,
        ReportContent.class, ReportContent.Section.class, ReportContent.Column.class,
        ReportContent.Field.class, ReportContent.Annex.class,
        ReportContent.ColumnType.class, ReportContent.SectionKind.class, LocalizedText.class,
})
public final class ReflectionRegistrations {
    private ReflectionRegistrations() {
    }
}
