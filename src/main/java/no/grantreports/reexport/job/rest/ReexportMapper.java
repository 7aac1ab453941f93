package no.grantreports.reexport.job.rest;

import no.grantreports.reexport.job.JobStatus;
import no.grantreports.reexport.job.ListFilter;
import no.grantreports.reexport.job.ReexportJob;
import no.grantreports.reexport.job.service.ReexportCommands;
import no.grantreports.reexport.job.service.ReexportService;

import java.util.List;

/** Entity ⇄ wire representation. */
final class ReexportMapper {

    private ReexportMapper() {
    }

    static Reexport toReexport(ReexportJob job) {
        return new Reexport(job.id, job.reportId, job.orgId, job.status.wireName(), params(job), job.outputFileRef,
                job.outputFileSizeBytes, job.requestedBy, job.requestedAt, job.completedAt, job.notified,
                job.errorMessage, job.errorCode, job.attempt);
    }

    static ReexportSummary toSummary(ReexportJob job) {
        return new ReexportSummary(job.id, job.reportId, job.orgId, job.status.wireName(), params(job),
                job.outputFileRef, job.requestedBy, job.requestedAt, job.completedAt, job.notified);
    }

    /**
     * The job as it was answered when it was created (pending, no file yet): what a replayed
     * Idempotency-Key request gets again, whatever has happened to the job since.
     */
    static ReexportSummary toCreatedSummary(ReexportJob job) {
        return new ReexportSummary(job.id, job.reportId, job.orgId, JobStatus.PENDING.wireName(), params(job), null,
                job.requestedBy, job.requestedAt, null, false);
    }

    static ReexportPage toPage(ReexportService.Page page, ListFilter filter) {
        List<ReexportSummary> data = page.items().stream().map(ReexportMapper::toSummary).toList();
        return new ReexportPage(data, new ReexportPage.Pagination(filter.page(), filter.limit(), page.total()));
    }

    static CancelledReexport toCancelled(ReexportJob job) {
        return new CancelledReexport(job.id, job.status == JobStatus.CANCELLED, job.cancelledAt);
    }

    static ReexportCommands.Update toCommand(UpdateReexportRequest request) {
        return new ReexportCommands.Update(request.status(), request.outputFileRef(), request.outputFileSizeBytes(),
                request.completedAt(), request.notified(), request.errorMessage());
    }

    private static ExportParams params(ReexportJob job) {
        return new ExportParams(job.format.wireName(), job.includeAnnexes, job.locale.tag());
    }
}
