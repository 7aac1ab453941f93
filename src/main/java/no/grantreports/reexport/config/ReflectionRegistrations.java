package no.grantreports.reexport.config;

import io.quarkus.runtime.annotations.RegisterForReflection;
import no.grantreports.reexport.job.rest.CancelledReexport;
import no.grantreports.reexport.job.rest.CreateReexportRequest;
import no.grantreports.reexport.job.rest.ExportParams;
import no.grantreports.reexport.job.rest.Reexport;
import no.grantreports.reexport.job.rest.ReexportPage;
import no.grantreports.reexport.job.rest.ReexportSummary;
import no.grantreports.reexport.job.rest.UpdateReexportRequest;
import no.grantreports.reexport.problem.Problem;
import no.grantreports.reexport.report.LocalizedText;
import no.grantreports.reexport.report.OriginalExportParams;
import no.grantreports.reexport.report.ReportContent;
import no.grantreports.reexport.report.rest.ReportResource;
import no.grantreports.reexport.report.rest.ReportView;

/**
 * Classes a native image must keep for reflection, each with its reason. Kept in one place so the
 * model classes stay plain Java. (Quarkus registers resource method parameter and return types by
 * itself; what is listed here is serialized by Jackson from elsewhere. Panache projections carry
 * their own annotation, next to the query that builds them.)
 */
@RegisterForReflection(targets = {
        // jsonb columns of report_snapshot, read and written by Hibernate's JSON format mapper
        OriginalExportParams.class,
        ReportContent.class, ReportContent.Section.class, ReportContent.Column.class,
        ReportContent.Field.class, ReportContent.Annex.class,
        ReportContent.ColumnType.class, ReportContent.SectionKind.class, LocalizedText.class,
        // problem+json bodies, built inside exception mappers as Response entities
        Problem.class, Problem.FieldError.class,
        // bodies returned inside a Response (202 of POST, 201/200 of PUT report) or nested in records
        Reexport.class, ExportParams.class, ReexportSummary.class, ReexportPage.Pagination.class,
        CancelledReexport.class, ReportView.class, ReportView.Period.class,
        ReportResource.StoredReport.class, ReportResource.ReportPage.Pagination.class,
        // request bodies, also serialized again to hash Idempotency-Key requests
        CreateReexportRequest.class, UpdateReexportRequest.class,
})
public final class ReflectionRegistrations {
    private ReflectionRegistrations() {
    }
}
