package no.grantreports.reexport.report.service;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import no.grantreports.reexport.report.ReportDocument;
import no.grantreports.reexport.report.repository.ReportRepository;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

@ApplicationScoped
public class ReportService {

    private final ReportRepository reports;

    public ReportService(ReportRepository reports) {
        this.reports = reports;
    }

    /** Stores the reports that are not there yet; returns how many were added. Safe to repeat. */
    @WithTransaction
    public Uni<Integer> importIfAbsent(List<ReportDocument> documents) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return Multi.createFrom().iterable(documents)
                .onItem().transformToUniAndConcatenate(doc -> reports.findById(doc.reportId())
                        .onItem().transformToUni(existing -> existing != null
                                ? Uni.createFrom().item(0)
                                : reports.persist(doc.toSnapshot(now)).replaceWith(1)))
                .collect().asList()
                .map(added -> added.stream().mapToInt(Integer::intValue).sum());
    }
}
