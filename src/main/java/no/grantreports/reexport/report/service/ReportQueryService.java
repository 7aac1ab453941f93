package no.grantreports.reexport.report.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import no.grantreports.reexport.problem.ProblemException;
import no.grantreports.reexport.report.ReportSnapshot;
import no.grantreports.reexport.report.repository.ReportRepository;
import no.grantreports.reexport.security.Caller;

import java.util.List;

/** Reading report snapshots, scoped to the caller's organisation. */
@ApplicationScoped
public class ReportQueryService {

    public record ReportPage(List<ReportSnapshot> items, long total) {
    }

    private final ReportRepository reports;

    public ReportQueryService(ReportRepository reports) {
        this.reports = reports;
    }

    @WithSession
    public Uni<ReportSnapshot> get(Caller caller, String reportId) {
        return reports.findInOrganisation(reportId, caller.operator() ? null : caller.orgId())
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Report " + reportId + " was not found."));
    }

    @WithSession
    public Uni<ReportPage> list(Caller caller, int page, int limit) {
        var query = caller.operator()
                ? reports.findAll(Sort.descending("submittedAt", "id"))
                : reports.find("orgId", Sort.descending("submittedAt", "id"), caller.orgId());
        return query.page(Page.of(page - 1, limit)).list()
                .flatMap(items -> query.count().map(total -> new ReportPage(items, total)));
    }
}
