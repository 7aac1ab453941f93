package no.grantreports.reexport.job.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.unchecked.Unchecked;
import jakarta.enterprise.context.ApplicationScoped;
import no.grantreports.reexport.config.ReexportConfig;
import no.grantreports.reexport.job.repository.ReexportRepository;
import no.grantreports.reexport.storage.FileStore;
import org.jboss.logging.Logger;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * Deletes the temporary files a crashed writer (kill -9, OOM) left behind, at start and every
 * {@code reexport.storage.temp-sweep-interval}. A temporary file goes only when no running claim of
 * any instance owns it (its job is not processing under that attempt) and it was not written to for
 * a whole lease: by then its writer's claim would have been rescued anyway.
 */
@ApplicationScoped
public class TemporaryFileSweeper {

    private static final Logger LOG = Logger.getLogger(TemporaryFileSweeper.class);

    private final ReexportRepository jobs;
    private final FileStore files;
    private final ReexportConfig config;

    public TemporaryFileSweeper(ReexportRepository jobs, FileStore files, ReexportConfig config) {
        this.jobs = jobs;
        this.files = files;
        this.config = config;
    }

    @Scheduled(identity = "temp-sweep", delayed = "${reexport.startup.scheduler-delay:0s}", every = "${reexport.storage.temp-sweep-interval:10m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> sweep() {
        return Panache.withSession(jobs::findProcessing)
                .map(running -> running.stream().map(job -> ReexportWorker.fileRef(job, job.attempt)).collect(Collectors.toSet()))
                .flatMap(live -> Uni.createFrom().item(Unchecked.supplier(() -> files.sweepTemporaryFiles(config.worker().lease(), Set.copyOf(live))))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .invoke(deleted -> {
                    if (deleted > 0) {
                        LOG.infof("Deleted %d temporary file(s) left by interrupted exports", deleted);
                    }
                })
                .onFailure().invoke(failure -> LOG.warnf("Temporary file sweep failed: %s", failure.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
