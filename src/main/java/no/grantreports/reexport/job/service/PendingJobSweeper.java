package no.grantreports.reexport.job.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import no.grantreports.reexport.config.ReexportConfig;
import no.grantreports.reexport.job.repository.ReexportRepository;

import java.time.Instant;

/**
 * The backstop for lost wake-ups: periodically dispatches jobs that are still pending after
 * {@code reexport.sweep.pending-age}. Claiming is conditional, so dispatching twice is harmless.
 */
@ApplicationScoped
public class PendingJobSweeper {

    private static final int BATCH = 200;

    private final ReexportRepository jobs;
    private final JobDispatcher dispatcher;
    private final ReexportConfig config;

    public PendingJobSweeper(ReexportRepository jobs, JobDispatcher dispatcher, ReexportConfig config) {
        this.jobs = jobs;
        this.dispatcher = dispatcher;
        this.config = config;
    }

    @Scheduled(identity = "pending-job-sweep", every = "${reexport.sweep.interval:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> sweep() {
        Instant olderThan = Instant.now().minus(config.sweep().pendingAge());
        return Panache.withSession(() -> jobs.findPendingIds(olderThan, BATCH))
                .invoke(ids -> ids.forEach(dispatcher::wake))
                .replaceWithVoid();
    }
}
