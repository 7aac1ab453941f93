package no.grantreports.reexport.job.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;
import no.grantreports.reexport.job.JobStatus;
import no.grantreports.reexport.job.ListFilter;
import no.grantreports.reexport.job.ReexportJob;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

@ApplicationScoped
public class ReexportRepository implements PanacheRepositoryBase<ReexportJob, String> {

    private static final Sort NEWEST_FIRST = Sort.descending("requestedAt", "id");

    /** The job if it exists and belongs to the organisation (any organisation when null). */
    public Uni<ReexportJob> findInOrganisation(String reexportId, String orgIdOrNull) {
        // a load by primary key skips building a query; another organisation's job reads as absent
        return findById(reexportId).map(job -> job == null || orgIdOrNull == null || orgIdOrNull.equals(job.orgId) ? job : null);
    }

    public Uni<List<ReexportJob>> list(ListFilter filter) {
        Query q = where(filter);
        return find(q.hql, NEWEST_FIRST, q.params).page(Page.of(filter.page() - 1, filter.limit())).list();
    }

    /** The exact number of jobs the filter matches (the list's {@code total}). */
    public Uni<Long> count(ListFilter filter) {
        if (filter.reportId() == null && filter.requestedBy() == null && filter.requestedFrom() == null
                && filter.requestedTo() == null) {
            return countByOrganisationAndStatus(filter);
        }
        Query q = where(filter);
        return count(q.hql, q.params);
    }

    /**
     * From the per-organisation, per-status counts the triggers of V5 keep in step with the jobs:
     * a few rows to add up instead of every job of the organisation (count(*) grows with its history).
     */
    private Uni<Long> countByOrganisationAndStatus(ListFilter filter) {
        StringBuilder sql = new StringBuilder("SELECT CAST(coalesce(sum(n), 0) AS bigint) FROM reexport_job_count");
        if (filter.orgId() != null) {
            sql.append(" WHERE org_id = :org");
        }
        if (!filter.statuses().isEmpty()) {
            sql.append(filter.orgId() == null ? " WHERE" : " AND").append(" status IN (:statuses)");
        }
        // on the session's connection, which the page query of the same request already holds
        return getSession().chain(session -> {
            Mutiny.SelectionQuery<Long> query = session.createNativeQuery(sql.toString(), Long.class);
            if (filter.orgId() != null) {
                query.setParameter("org", filter.orgId());
            }
            if (!filter.statuses().isEmpty()) {
                query.setParameter("statuses", filter.statuses().stream().map(JobStatus::wireName).toList());
            }
            return query.getSingleResult();
        });
    }


    public Uni<List<ReexportJob>> findProcessing() {
        return list("status", JobStatus.PROCESSING);
    }

    /** A completed job whose file is due for deletion. A projection: Panache builds it by reflection. */
    @RegisterForReflection
    public record Expirable(String id, String outputFileRef) {
    }

    public Uni<List<Expirable>> findExpirable(Instant completedBefore, int max) {
        return find("status = ?1 and completedAt < ?2", Sort.ascending("completedAt"), JobStatus.COMPLETED, completedBefore)
                .project(Expirable.class).page(Page.ofSize(max)).list();
    }

    public Uni<Integer> markExpired(List<String> ids, Instant now) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return update("status = ?1, expiredAt = ?2, updatedAt = ?2, version = version + 1 where id in ?3 and status = ?4",
                JobStatus.EXPIRED, now, ids, JobStatus.COMPLETED);
    }

    private static Query where(ListFilter filter) {
        List<String> clauses = new ArrayList<>();
        Parameters params = new Parameters();
        if (filter.orgId() != null) {
            clauses.add("orgId = :orgId");
            params.and("orgId", filter.orgId());
        }
        if (!filter.statuses().isEmpty()) {
            clauses.add("status in :statuses");
            params.and("statuses", List.copyOf(filter.statuses()));
        }
        if (filter.reportId() != null) {
            clauses.add("reportId = :reportId");
            params.and("reportId", filter.reportId());
        }
        if (filter.requestedBy() != null) {
            clauses.add("requestedBy = :requestedBy");
            params.and("requestedBy", filter.requestedBy());
        }
        if (filter.requestedFrom() != null) {
            clauses.add("requestedAt >= :from");
            params.and("from", filter.requestedFrom());
        }
        if (filter.requestedTo() != null) {
            clauses.add("requestedAt <= :to");
            params.and("to", filter.requestedTo());
        }
        String hql = clauses.isEmpty() ? "1 = 1" : String.join(" and ", clauses);
        return new Query(hql, params);
    }

    private record Query(String hql, Parameters params) {
    }
}
