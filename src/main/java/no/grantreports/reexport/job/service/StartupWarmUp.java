package no.grantreports.reexport.job.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import no.grantreports.reexport.config.ReexportConfig;
import no.grantreports.reexport.job.IdempotencyRecord;
import no.grantreports.reexport.job.ListFilter;
import no.grantreports.reexport.job.repository.IdempotencyRepository;
import no.grantreports.reexport.job.repository.ReexportRepository;
import no.grantreports.reexport.report.repository.ReportRepository;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Fast start ({@code reexport.startup.warm-up}): Hibernate parses each query shape's HQL and
 * translates it to SQL on its first use, about 150 ms per shape on a cold JVM. Run once at start,
 * read-only, for ids that cannot exist, the shapes a cold instance serves first leave the request
 * path. Readiness ("warm-up") is DOWN until then, so a router sends no request before; a failure
 * (database not reachable yet) only ends the warm-up: requests then pay the cost, nothing else.
 */
@Readiness
@ApplicationScoped
public class StartupWarmUp implements AsyncHealthCheck {

    private static final Logger LOG = Logger.getLogger(StartupWarmUp.class);
    /** Ids no row has (ours start with rex_ / rep_ and a ULID): the queries find nothing. */
    private static final String NO_SUCH_ID = "warm-up";

    private final ReexportRepository jobs;
    private final ReportRepository reports;
    private final IdempotencyRepository idempotencyKeys;
    private final boolean enabled;
    private final AtomicBoolean done = new AtomicBoolean();

    public StartupWarmUp(ReexportRepository jobs, ReportRepository reports, IdempotencyRepository idempotencyKeys,
                         ReexportConfig config) {
        this.jobs = jobs;
        this.reports = reports;
        this.idempotencyKeys = idempotencyKeys;
        this.enabled = config.startup().warmUp();
    }

    void onStart(@Observes StartupEvent event) {
        if (!enabled) {
            done.set(true);
            return;
        }
        long started = System.nanoTime();
        // A duplicated Vert.x context, as Hibernate Reactive wants; start-up does not wait for it.
        VertxContextSupport.subscribe(() -> warmUp().toMulti(), subscribe -> subscribe.with(
                ignored -> LOG.debugf("Queries warmed up in %d ms", (System.nanoTime() - started) / 1_000_000),
                failure -> {
                    LOG.debugf("Warm-up stopped: %s", failure.getMessage());
                    done.set(true);
                },
                () -> done.set(true)));
    }

    /** The shapes of a POST (report lookup, idempotency key), a GET by id and the first list page. */
    Uni<Void> warmUp() {
        ListFilter firstPage = new ListFilter(NO_SUCH_ID, Set.of(), null, null, null, null,
                ListFilter.DEFAULT_PAGE, ListFilter.DEFAULT_LIMIT);
        return Panache.withSession(() -> reports.findReferenceInOrganisation(NO_SUCH_ID, NO_SUCH_ID)
                .chain(() -> reports.findReferenceInOrganisation(NO_SUCH_ID, null))
                .chain(() -> idempotencyKeys.findById(new IdempotencyRecord.Key(NO_SUCH_ID, NO_SUCH_ID)))
                .chain(() -> jobs.findInOrganisation(NO_SUCH_ID, NO_SUCH_ID))
                .chain(() -> jobs.list(firstPage))
                .chain(() -> jobs.count(firstPage))
                .replaceWithVoid());
    }

    /** True once the warm-up has run (or was not wanted). */
    public boolean done() {
        return done.get();
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom().item(HealthCheckResponse.named("warm-up").status(done.get()).build());
    }
}
