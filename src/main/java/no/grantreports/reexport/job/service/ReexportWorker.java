package no.grantreports.reexport.job.service;

import no.grantreports.reexport.database.DatabaseOutage;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.vertx.ConsumeEvent;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.unchecked.Unchecked;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.WorkerExecutor;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import no.grantreports.reexport.config.ReexportConfig;
import no.grantreports.reexport.export.CsvZipReportWriter;
import no.grantreports.reexport.export.ExportDocument;
import no.grantreports.reexport.export.JsonReportWriter;
import no.grantreports.reexport.export.ReportWriter;
import no.grantreports.reexport.export.XlsxReportWriter;
import no.grantreports.reexport.job.ExportFormat;
import no.grantreports.reexport.job.ReexportIds;
import no.grantreports.reexport.job.ReexportJob;
import no.grantreports.reexport.job.repository.JobQueueRepository;
import no.grantreports.reexport.job.repository.JobQueueRepository.Claim;
import no.grantreports.reexport.job.repository.ReexportRepository;
import no.grantreports.reexport.notification.WebhookDispatcher;
import no.grantreports.reexport.report.ReportSnapshot;
import no.grantreports.reexport.report.repository.ReportRepository;
import no.grantreports.reexport.report.repository.ReportRowRepository;
import no.grantreports.reexport.storage.FileStore;
import no.grantreports.reexport.storage.StorageHealth;
import no.grantreports.reexport.storage.StorageUnavailableException;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds the files. Whenever it is woken (event bus, LISTEN/NOTIFY, the periodic poll) it claims
 * as many ready jobs as it has free slots, so a burst of requests waits in PostgreSQL, not in
 * memory. A claim's life is {@link #process}: its lease is kept by {@link LeaseHeartbeat}; the file
 * is built on a bounded worker pool, never on the event loop; the job is finished with a write
 * fenced by attempt and owner ({@link #finish}); failures go through {@link RetryPolicy}. Spans and
 * metrics are recorded by {@link ClaimObservation} around the whole life.
 */
@ApplicationScoped
public class ReexportWorker {

    private static final Logger LOG = Logger.getLogger(ReexportWorker.class);
    private static final DateTimeFormatter FILE_DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    private final JobQueueRepository queue;
    private final ReexportRepository jobs;
    private final ReportRepository reports;
    private final ReportRowRepository reportRows;
    private final FileStore files;
    private final StorageHealth storage;
    private final WebhookDispatcher webhooks;
    private final LeaseHeartbeat heartbeat;
    private final RetryPolicy retries;
    private final ClaimObservation observation;
    private final ReexportConfig.Worker settings;
    private final Vertx vertx;
    private final WorkerExecutor exportPool;
    private final String instanceId;
    private final int capacity;
    /** Database outages are logged there, once, not by every poll and job. */
    private final DatabaseOutage outage;
    /** Claimed or being claimed; never more than capacity. */
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean accepting = new AtomicBoolean(true);
    private final Map<ExportFormat, ReportWriter> writers = new EnumMap<>(Map.of(
            ExportFormat.XLSX, new XlsxReportWriter(),
            ExportFormat.CSV, new CsvZipReportWriter(),
            ExportFormat.JSON, new JsonReportWriter()));

    public ReexportWorker(JobQueueRepository queue, ReexportRepository jobs, ReportRepository reports,
                          ReportRowRepository reportRows, FileStore files, StorageHealth storage, WebhookDispatcher webhooks,
                          LeaseHeartbeat heartbeat, RetryPolicy retries, ClaimObservation observation, ReexportConfig config,
                          Vertx vertx, DatabaseOutage outage) {
        this.outage = outage;
        this.queue = queue;
        this.jobs = jobs;
        this.reports = reports;
        this.reportRows = reportRows;
        this.files = files;
        this.storage = storage;
        this.webhooks = webhooks;
        this.heartbeat = heartbeat;
        this.retries = retries;
        this.observation = observation;
        this.settings = config.worker();
        this.vertx = vertx;
        this.capacity = settings.effectiveConcurrency();
        if (capacity < 0) {
            throw new IllegalArgumentException("reexport.worker.concurrency must be 0 (serve the API only) or more, not " + capacity);
        }
        // capacity 0: this instance never claims; the pool stays empty (threads are made on first use)
        this.exportPool = vertx.createSharedWorkerExecutor("reexport-export", Math.max(1, capacity));
        this.instanceId = settings.instanceId().orElseGet(ReexportWorker::defaultInstanceId);
        storage.onRecovery(this::poll); // the jobs that waited for the store are claimed at once
    }

    public String instanceId() {
        return instanceId;
    }

    /** False on an API-only instance (concurrency 0), which never claims a job. */
    public boolean buildsFiles() {
        return capacity > 0;
    }

    @ConsumeEvent(JobDispatcher.ADDRESS)
    void onWake(String reexportId) {
        poll();
    }

    /** Claims ready jobs for the free slots and starts them. Safe to call often and from anywhere. */
    public void poll() {
        // While the store cannot take files, jobs stay pending (for healthy replicas) instead of burning attempts.
        if (!accepting.get() || !storage.accepting()) {
            return;
        }
        int wanted = reserveSlots();
        if (wanted == 0) {
            return;
        }
        observation.claimed(() -> queue.claim(instanceId, settings.lease(), wanted)).subscribe().with(claims -> {
            releaseSlots(wanted - claims.size());
            claims.forEach(this::start);
            if (claims.size() == wanted) {
                poll(); // the queue may hold more than there were slots
            }
        }, failure -> {
            releaseSlots(wanted);
            if (!outage.absorbed(failure)) {
                LOG.warnf("Could not claim jobs: %s", failure.getMessage());
            }
        });
    }

    private int reserveSlots() {
        while (true) {
            int current = inFlight.get();
            if (current >= capacity) {
                return 0;
            }
            if (inFlight.compareAndSet(current, capacity)) {
                return capacity - current;
            }
        }
    }

    private void releaseSlots(int slots) {
        if (slots > 0) {
            inFlight.addAndGet(-slots);
        }
    }

    /** Runs one claim on its own duplicated context (what Hibernate Reactive needs), then frees the slot. */
    private void start(Claim claim) {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getDelegate().getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> Uni.createFrom().deferred(() -> {
                    // On this job's own context, so every log line of the job carries its ids.
                    MDC.put("reexport_id", claim.reexportId());
                    return process(claim);
                })
                .onTermination().invoke(() -> {
                    releaseSlots(1);
                    poll();
                })
                .subscribe().with(done -> { }, failure -> {
                    // the database went away under the job: its lease runs out and the rescuer re-queues it
                    if (!outage.absorbed(failure)) {
                        LOG.errorf(failure, "Re-export %s: unexpected failure", claim.reexportId());
                    }
                }));
    }

    /**
     * One claim's life, top to bottom: keep its lease; load the job and its report; build and store
     * the file; finish the job (a fenced write) and deliver the completion event. A failure on the way
     * deletes the file and ends the attempt as {@link RetryPolicy} decides.
     */
    Uni<Void> process(Claim claim) {
        LeaseHeartbeat.Lease lease = heartbeat.keep(claim, instanceId);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return observation.observe(claim, attempt -> load(claim, attempt)
                .flatMap(work -> work.report() == null
                        ? finish(claim, attempt, work.job(), new ClaimOutcome.Failed("report_missing",
                                "The report " + work.job().reportId + " no longer exists."))
                        : build(claim, attempt, work, now, lease))
                .eventually(lease::stop));
    }

    private Uni<Work> load(Claim claim, ClaimObservation.Attempt attempt) {
        return Panache.withSession(() -> jobs.findById(claim.reexportId())
                .flatMap(job -> {
                    MDC.put("report_id", job.reportId);
                    MDC.put("org_id", job.orgId);
                    attempt.describe(job);
                    return reports.findById(job.reportId).map(report -> new Work(job, report));
                }));
    }

    private Uni<Void> build(Claim claim, ClaimObservation.Attempt attempt, Work work, Instant now, LeaseHeartbeat.Lease lease) {
        ReexportJob job = work.job();
        ExportDocument document = document(job, work.report(), now);
        String ref = fileRef(job, claim.attempt());
        ReportWriter writer = writers.get(job.format);
        // Rendering streams into the store, so the render span sits inside the store span.
        return exportPool.executeBlocking(Uni.createFrom().item(Unchecked.supplier(() -> attempt.blockingStep("reexport.store",
                        () -> files.write(ref, out -> attempt.blockingStep("reexport.render", () -> {
                            writer.write(document, reportRows.rowsOf(document.reportId(), document.reportVersion()), out);
                            return null;
                        }))))), false)
                .flatMap(size -> lease.lost()
                        ? discard(claim, ref)
                        : finish(claim, attempt, job, new ClaimOutcome.Completed(ref, size, document.reportVersion(), now)))
                .onFailure().recoverWithUni(failure -> deleteQuietly(ref)
                        .chain(() -> finish(claim, attempt, job, afterFailure(claim, failure))));
    }

    /** Logs the failure (once, with an incident id in the job's message) and asks the retry policy what follows. */
    private ClaimOutcome afterFailure(Claim claim, Throwable failure) {
        if (RetryPolicy.permanent(failure)) {
            return retries.after(claim.attempt(), failure, null);
        }
        String incident = UUID.randomUUID().toString();
        StorageUnavailableException storageFailure = RetryPolicy.storageFailure(failure);
        if (outage.absorbed(failure)) {
            LOG.infof("Re-export %s, attempt %d: the database is unreachable (incident %s); retried", claim.reexportId(), claim.attempt(), incident);
        } else if (storageFailure != null) {
            // An operational condition with a known cause (readiness reports it too): no stack trace.
            LOG.warnf("Re-export %s, attempt %d failed (incident %s): %s", claim.reexportId(), claim.attempt(), incident,
                    storageFailure.getMessage());
        } else {
            LOG.errorf(failure, "Re-export %s, attempt %d failed (incident %s)", claim.reexportId(), claim.attempt(), incident);
        }
        return retries.after(claim.attempt(), failure, incident);
    }

    /**
     * Writes the attempt's outcome, fenced by attempt and owner. Only a write that still owned the
     * job counts (metrics, log) and delivers the completion event; a completed file whose job was
     * taken away is discarded. A retry is counted as it is written.
     */
    private Uni<Void> finish(Claim claim, ClaimObservation.Attempt attempt, ReexportJob job, ClaimOutcome outcome) {
        if (outcome instanceof ClaimOutcome.Retry retry) {
            attempt.ended(job.format, outcome);
            return queue.retryLater(claim, instanceId, retry.errorCode(), retry.message(), retry.delay()).replaceWithVoid();
        }
        if (outcome instanceof ClaimOutcome.Completed completed) {
            return attempt.step("reexport.finish", () -> queue.complete(claim, instanceId, completed.fileRef(), completed.sizeBytes(),
                            completed.reportVersion()))
                    .flatMap(owned -> {
                        if (!owned) {
                            return discard(claim, completed.fileRef());
                        }
                        attempt.ended(job.format, outcome);
                        LOG.infof("Re-export %s completed: %s, attempt %d", claim.reexportId(), job.format, claim.attempt());
                        return attempt.step("reexport.notify", webhooks::dispatch);
                    });
        }
        ClaimOutcome.Failed failed = (ClaimOutcome.Failed) outcome;
        return attempt.step("reexport.finish", () -> queue.fail(claim, instanceId, failed.errorCode(), failed.message()))
                .flatMap(owned -> {
                    if (!owned) {
                        return Uni.createFrom().voidItem();
                    }
                    attempt.ended(job.format, outcome);
                    LOG.infof("Re-export %s failed: %s", claim.reexportId(), failed.errorCode());
                    return attempt.step("reexport.notify", webhooks::dispatch);
                });
    }

    /** The claim was lost (rescued after a stall, cancelled or re-queued by an operator): its file goes. */
    private Uni<Void> discard(Claim claim, String ref) {
        LOG.infof("Re-export %s: attempt %d no longer owns the job; discarding %s", claim.reexportId(), claim.attempt(), ref);
        return deleteQuietly(ref);
    }

    private Uni<Void> deleteQuietly(String ref) {
        return exportPool.executeBlocking(Uni.createFrom().item(() -> {
            try {
                files.delete(ref);
            } catch (IOException | RuntimeException e) {
                LOG.warnf(e, "Could not delete %s", ref);
            }
            return null;
        }), false).replaceWithVoid();
    }

    /** Stop claiming, let running exports finish within the grace period, give the rest back. */
    void onShutdown(@Observes ShutdownEvent event) {
        accepting.set(false);
        long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                TimeUnit.MILLISECONDS.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            int released = queue.release(instanceId).await().atMost(Duration.ofSeconds(5));
            if (released > 0) {
                LOG.infof("Shutdown: %d running re-export(s) released to pending", released);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Shutdown: could not release claims (the rescuer will): %s", e.getMessage());
        }
    }

    @PreDestroy
    void close() {
        exportPool.closeAndForget();
    }

    static ExportDocument document(ReexportJob job, ReportSnapshot report, Instant now) {
        return new ExportDocument(report.id, report.orgId, report.reportType, report.title, report.periodFrom,
                report.periodTo, report.submittedAt, report.submittedBy, report.version, job.format.wireName(),
                job.includeAnnexes, job.locale.locale(), now, report.content);
    }

    /**
     * {@code reports/{org}/reexports/{report id, 12 chars}_reexport_{yyyyMMdd}_{ulid}.{ext}}, and
     * {@code _a{n}} before the extension for retries: unique per job and attempt, so no attempt ever
     * overwrites or deletes another's file.
     */
    static String fileRef(ReexportJob job, int attempt) {
        String reportPrefix = job.reportId.length() > 12 ? job.reportId.substring(0, 12) : job.reportId;
        String day = FILE_DAY.format(job.requestedAt.atZone(ZoneOffset.UTC));
        String extension = job.format.extension();
        return "reports/" + job.orgId + "/reexports/" + reportPrefix + "_reexport_" + day + "_"
                + ReexportIds.ulidOf(job.id) + (attempt > 1 ? "_a" + attempt : "") + "." + extension;
    }

    private static String defaultInstanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "instance";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private record Work(ReexportJob job, ReportSnapshot report) {
    }
}
