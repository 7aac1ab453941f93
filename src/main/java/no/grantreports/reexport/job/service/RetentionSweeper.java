package no.grantreports.reexport.job.service;

import no.grantreports.reexport.database.OutageAware;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import no.grantreports.reexport.config.ReexportConfig;
import no.grantreports.reexport.job.repository.IdempotencyRepository;
import no.grantreports.reexport.job.repository.ReexportRepository;
import no.grantreports.reexport.storage.FileStore;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Deletes files of jobs completed longer ago than {@code reexport.retention.age}. The job is marked
 * {@code expired} first (so nobody is handed a file about to vanish), then its file is deleted;
 * the row and its {@code output_file_ref} stay for audit.
 */
@ApplicationScoped
public class RetentionSweeper {

    private static final Logger LOG = Logger.getLogger(RetentionSweeper.class);
    private static final int BATCH = 200;
    static final Duration IDEMPOTENCY_KEY_RETENTION = Duration.ofHours(48);

    private final ReexportRepository jobs;
    private final IdempotencyRepository idempotencyKeys;
    private final FileStore files;
    private final ReexportConfig config;

    public RetentionSweeper(ReexportRepository jobs, IdempotencyRepository idempotencyKeys, FileStore files, ReexportConfig config) {
        this.jobs = jobs;
        this.idempotencyKeys = idempotencyKeys;
        this.files = files;
        this.config = config;
    }

    @Scheduled(skipExecutionIf = Scheduled.ApplicationNotRunning.class, identity = "retention", delayed = "${reexport.startup.scheduler-delay:0s}", every = "${reexport.retention.interval:1h}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @OutageAware
    public Uni<Void> expireOldFiles() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant completedBefore = now.minus(config.retention().age());
        return Panache.withTransaction(() -> jobs.findExpirable(completedBefore, BATCH)
                        .call(expiring -> jobs.markExpired(expiring.stream().map(e -> e.id()).toList(), now)))
                .onItem().transformToMulti(expiring -> Multi.createFrom().iterable(expiring))
                .onItem().transformToUniAndConcatenate(job -> Uni.createFrom().item(() -> delete(job.outputFileRef()))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .collect().last()
                .replaceWithVoid();
    }

    /** Idempotency keys are promised for at least 24 hours; they are kept for 48. */
    @Scheduled(skipExecutionIf = Scheduled.ApplicationNotRunning.class, identity = "idempotency-keys", delayed = "${reexport.startup.scheduler-delay:0s}", every = "1h", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @OutageAware
    public Uni<Void> forgetOldIdempotencyKeys() {
        Instant cutoff = Instant.now().minus(IDEMPOTENCY_KEY_RETENTION);
        return Panache.withTransaction(() -> idempotencyKeys.deleteCreatedBefore(cutoff)).replaceWithVoid();
    }

    private boolean delete(String ref) {
        try {
            return files.delete(ref);
        } catch (IOException | RuntimeException e) {
            LOG.warnf(e, "Retention could not delete %s", ref);
            return false;
        }
    }
}
