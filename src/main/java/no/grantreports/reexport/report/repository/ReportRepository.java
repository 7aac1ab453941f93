package no.grantreports.reexport.report.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import no.grantreports.reexport.report.ReportReference;
import no.grantreports.reexport.report.ReportSnapshot;

@ApplicationScoped
public class ReportRepository implements PanacheRepositoryBase<ReportSnapshot, String> {

    /** The report if it exists and belongs to the organisation (any organisation when null). */
    public Uni<ReportSnapshot> findInOrganisation(String reportId, String orgIdOrNull) {
        return orgIdOrNull == null
                ? findById(reportId)
                : find("id = ?1 and orgId = ?2", reportId, orgIdOrNull).firstResult();
    }

    /** Like {@link #findInOrganisation}, without the report's content (a POST needs only this). */
    public Uni<ReportReference> findReferenceInOrganisation(String reportId, String orgIdOrNull) {
        return (orgIdOrNull == null
                ? find("id = ?1", reportId)
                : find("id = ?1 and orgId = ?2", reportId, orgIdOrNull))
                .project(ReportReference.class).firstResult();
    }
}
